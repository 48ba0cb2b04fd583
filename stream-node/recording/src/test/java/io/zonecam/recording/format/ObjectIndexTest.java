package io.zonecam.recording.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reader learns every fragment's range from the head of an object, asking for more bytes when needed. */
class ObjectIndexTest {

    /** ftyp(16) + moov(24, opaque) + sidx(2 refs) + free(24) + fragments of 100 and 50 bytes. */
    static byte[] object() {
        SegmentIndex sidx = new SegmentIndex(
                1,
                90000,
                3600,
                24,
                List.of(
                        new SegmentIndex.Reference(100, 180000, true, 1, 0),
                        new SegmentIndex.Reference(50, 90000, true, 1, 0)));
        ByteBuffer b = ByteBuffer.allocate(16 + 24 + sidx.boxSize() + 24 + 150);
        b.putInt(16).put("ftyp".getBytes()).put("cmfc".getBytes()).putInt(0);
        b.putInt(24).put("moov".getBytes()).put(new byte[16]);
        sidx.writeTo(b);
        b.putInt(24).put("free".getBytes()).put(new byte[16]);
        return b.array();
    }

    @Test
    void fragmentsAreLocatedAfterTheFreeBox() {
        byte[] o = object();
        ObjectIndex idx = ObjectIndex.parse(o, o.length);
        assertThat(idx.initLength()).isEqualTo(40);
        assertThat(idx.fragmentCount()).isEqualTo(2);
        assertThat(idx.fragmentOffset(0)).isEqualTo(40 + 64 + 24);
        assertThat(idx.fragmentOffset(1)).isEqualTo(40 + 64 + 24 + 100);
        assertThat(idx.fragmentStart(1)).isEqualTo(3600 + 180000);
        assertThat(idx.micros(idx.end())).isEqualTo(3_040_000);
        assertThat(idx.objectSize()).isEqualTo(o.length);
    }

    @Test
    void aShortHeadAsksForMoreAndASizeMismatchIsRefused() {
        byte[] o = object();
        assertThat(ObjectIndex.headerEnd(Arrays.copyOf(o, 20))).isGreaterThan(40 + 64);
        assertThat(ObjectIndex.headerEnd(Arrays.copyOf(o, 48))).isEqualTo(40 + 64);
        assertThatThrownBy(() -> ObjectIndex.parse(Arrays.copyOf(o, 60), -1)).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> ObjectIndex.parse(o, o.length + 1)).isInstanceOf(MediaFormatException.class);
        assertThat(ObjectIndex.parse(Arrays.copyOf(o, 104), -1).fragmentCount()).isEqualTo(2);
    }

    @Test
    void objectsWithoutSidxBeforeTheFirstFragmentAreRefused() {
        byte[] plain = ByteBuffer.allocate(32)
                .putInt(16)
                .put("ftyp".getBytes())
                .put(new byte[8])
                .putInt(16)
                .put("moof".getBytes())
                .put(new byte[8])
                .array();
        assertThatThrownBy(() -> ObjectIndex.headerEnd(plain)).isInstanceOf(MediaFormatException.class);
    }
}
