package io.zonecam.pictures.thumbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.pictures.decode.AccessUnit;
import io.zonecam.pictures.decode.CodedVideo;
import io.zonecam.pictures.image.EncodedImage;
import io.zonecam.pictures.testing.Clip;
import io.zonecam.pictures.testing.Pixels;
import io.zonecam.pictures.thumbs.ThumbnailPack.Entry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ThumbnailPackTest writes a pack of real thumbnails (keyframes of an ffmpeg clip, decoded alone), reads it back
 * through a ranged-read source that counts GETs, and feeds the reader broken packs.
 */
class ThumbnailPackTest {

    private static final long HOUR = 1_750_000_000L / 3600 * 3600 * 1_000_000L;

    @TempDir
    Path tmp;

    @Test
    void oneGetForTheIndexThenOneGetPerPicture() throws Exception {
        List<EncodedImage> jpegs = thumbnails(6);
        Path file = tmp.resolve("pack" + ThumbnailPack.SUFFIX);
        ThumbnailPackWriter w = new ThumbnailPackWriter(file, HOUR, 360);
        for (int i = 0; i < 360; i++) {
            EncodedImage j = jpegs.get(i % jpegs.size());
            w.add(HOUR + i * 10_000_000L + 123, j.data(), j.width(), j.height());
        }
        ThumbnailPackWriter.Finished done = w.finish();
        byte[] pack = Files.readAllBytes(file);
        assertThat(done.bytes()).isEqualTo(pack.length);
        assertThat(done.entries()).hasSize(360);

        AtomicInteger gets = new AtomicInteger();
        RangeSource source = (offset, length) -> {
            gets.incrementAndGet();
            int from = (int) Math.min(offset, pack.length);
            return Arrays.copyOfRange(pack, from, (int) Math.min(pack.length, offset + length));
        };
        ThumbnailPackIndex index = ThumbnailPackReader.index(source);
        assertThat(gets).hasValue(1);
        assertThat(index.hourMicros()).isEqualTo(HOUR);
        assertThat(index.entries()).isEqualTo(done.entries());

        // At 14:03:25 the picture of 14:03:20 is shown: one GET, and it is that JPEG.
        long instant = HOUR + 200 * 10_000_000L + 5_000_000L;
        byte[] picture = ThumbnailPackReader.atOrBefore(source, index, instant).orElseThrow();
        assertThat(gets).hasValue(2);
        assertThat(picture).isEqualTo(jpegs.get(200 % jpegs.size()).data());
        assertThat(Pixels.jpegToRgb(picture)).hasSize(160 * 120 * 3);
        assertThat(index.atOrBefore(HOUR + 123).orElseThrow().captureMicros()).isEqualTo(HOUR + 123);
        assertThat(index.atOrBefore(HOUR + 122)).isEmpty();
        assertThat(index.atOrBefore(Long.MAX_VALUE).orElseThrow().captureMicros())
                .isEqualTo(HOUR + 359 * 10_000_000L + 123);
        assertThat(ThumbnailPackReader.atOrBefore(source, index, HOUR)).isEmpty();
        assertThat(gets).as("no GET when no picture is due").hasValue(2);
    }

    @Test
    void largeIndexRoomsTakeASecondGet() throws Exception {
        byte[] pack = pack("big", 3600, HOUR + 1);
        AtomicInteger gets = new AtomicInteger();
        ThumbnailPackIndex index = ThumbnailPackReader.index((offset, length) -> {
            gets.incrementAndGet();
            return Arrays.copyOfRange(pack, (int) offset, (int) Math.min(pack.length, offset + length));
        });
        assertThat(gets).hasValue(2);
        assertThat(index.entries()).hasSize(1);
    }

    @Test
    void theWriterRefusesWhatWouldBreakThePack() throws Exception {
        EncodedImage j = thumbnails(1).get(0);
        ThumbnailPackWriter w = new ThumbnailPackWriter(tmp.resolve("w" + ThumbnailPack.SUFFIX), HOUR, 2);
        w.add(HOUR + 10, j.data(), j.width(), j.height());
        assertThatThrownBy(() -> w.add(HOUR + 10, j.data(), 160, 120)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.add(HOUR + 20, new byte[] {1, 2, 3, 4, 5}, 160, 120))
                .isInstanceOf(IllegalArgumentException.class);
        w.add(HOUR + 20, j.data(), j.width(), j.height());
        assertThat(w.hasRoom()).isFalse();
        assertThatThrownBy(() -> w.add(HOUR + 30, j.data(), 160, 120)).isInstanceOf(IllegalStateException.class);
        w.abort();
        assertThatThrownBy(() -> new ThumbnailPackWriter(tmp.resolve("x"), HOUR, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokenPacksAreRefusedWithTheFormatError() throws Exception {
        byte[] good = pack("ok", 10, HOUR + 1, HOUR + 2);
        assertThat(ThumbnailPackIndex.parse(good, good.length).entries()).hasSize(2);

        refused(Arrays.copyOf(good, 20), -1, "shorter than");
        refused(Arrays.copyOf(good, 100), -1, "index needs");
        refused(patch(good, 0, 0x4a504547), -1, "not a thumbnail pack");
        refused(patch(good, 8, 5000), -1, "capacity");
        refused(patch(good, 12, 11), -1, "entries in a room");
        refused(flip(good, ThumbnailPack.HEADER_SIZE + 3), -1, "checksum");
        refused(good, good.length - 1, "ends past");
        // Entries rewritten with a valid checksum but overlapping byte ranges or times out of order.
        refused(
                rewritten(good, 1, e -> new Entry(e.captureMicros(), e.offset() - 10, e.length(), 160, 120)),
                -1,
                "byte range");
        refused(rewritten(good, 1, e -> new Entry(HOUR, e.offset(), e.length(), 160, 120)), -1, "not after");

        // A picture range that does not hold a JPEG (a pack overwritten, a wrong key) is refused when read.
        ThumbnailPackIndex index = ThumbnailPackIndex.parse(good, good.length);
        byte[] zeroed = good.clone();
        Arrays.fill(
                zeroed,
                (int) index.entries().get(0).offset(),
                (int) index.entries().get(0).offset() + 4,
                (byte) 0);
        assertThatThrownBy(() -> ThumbnailPackReader.picture(
                        (o, l) -> Arrays.copyOfRange(zeroed, (int) o, (int) o + l),
                        index.entries().get(0)))
                .isInstanceOf(ThumbnailPackFormatException.class)
                .hasMessageContaining("not a JPEG");
        assertThatThrownBy(() -> ThumbnailPackReader.picture(
                        (o, l) -> new byte[l - 1], index.entries().get(0)))
                .isInstanceOf(ThumbnailPackFormatException.class);
    }

    @Test
    void aPackWrittenFromTheDocumentedLayoutAloneIsRead() throws Exception {
        // The fuzz seed "two-pictures" was written by a small Python script from the layout in ThumbnailPack's
        // Javadoc (CRC-32C computed there), not by this writer.
        byte[] pack;
        try (var in = getClass()
                .getResourceAsStream(
                        "ThumbnailPackFuzzTestInputs/packReaderThrowsOnlyTheFormatException/two-pictures")) {
            pack = in.readAllBytes();
        }
        ThumbnailPackIndex index = ThumbnailPackIndex.parse(pack, pack.length);
        assertThat(index.entries())
                .containsExactly(
                        new Entry(1_750_000_000_000_001L, 80, 6, 160, 90),
                        new Entry(1_750_000_000_000_002L, 86, 6, 160, 90));
        assertThat(index.hourMicros()).isEqualTo(1_750_000_000_000_000L / 3_600_000_000L * 3_600_000_000L);
    }

    private static void refused(byte[] head, long size, String message) {
        assertThatThrownBy(() -> ThumbnailPackIndex.parse(head, size))
                .isInstanceOf(ThumbnailPackFormatException.class)
                .hasMessageContaining(message);
    }

    private static byte[] patch(byte[] data, int at, int value) {
        byte[] out = data.clone();
        ByteBuffer.wrap(out).putInt(at, value);
        return out;
    }

    private static byte[] flip(byte[] data, int at) {
        byte[] out = data.clone();
        out[at] ^= 1;
        return out;
    }

    /** The pack's head re-made (valid checksum) with entry {@code i} changed. */
    private static byte[] rewritten(byte[] good, int i, java.util.function.UnaryOperator<Entry> change) {
        ThumbnailPackIndex index = ThumbnailPackIndex.parse(good, good.length);
        List<Entry> entries = new ArrayList<>(index.entries());
        entries.set(i, change.apply(entries.get(i)));
        byte[] head = ThumbnailPack.head(index.capacity(), index.hourMicros(), entries);
        byte[] out = good.clone();
        System.arraycopy(head, 0, out, 0, head.length);
        return out;
    }

    /** Thumbnails of the first {@code n} keyframes of real clips (cycling through H.264 and H.265). */
    static List<EncodedImage> thumbnails(int n) {
        Thumbnailer thumbnailer = Thumbnailer.defaults();
        List<EncodedImage> out = new ArrayList<>();
        for (String kind : List.of(Clip.H264_HIGH, Clip.H265_MAIN, Clip.H264_BASELINE)) {
            Clip clip = Clip.get(kind);
            for (byte[] fragment : clip.fragments()) {
                CodedVideo gop = CodedVideo.fromFragments(clip.init(), List.of(fragment));
                AccessUnit key = gop.units().get(0);
                out.add(thumbnailer.thumbnail(gop.track(), key));
                if (out.size() == n) {
                    return out;
                }
            }
        }
        return out;
    }

    /** A finished pack of {@code capacity} rooms with the same thumbnail at each of {@code captures} (µs). */
    private byte[] pack(String name, int capacity, long... captures) throws Exception {
        EncodedImage j = thumbnails(1).get(0);
        Path file = tmp.resolve(name + ThumbnailPack.SUFFIX);
        ThumbnailPackWriter w = new ThumbnailPackWriter(file, HOUR, capacity);
        for (long capture : captures) {
            w.add(capture, j.data(), j.width(), j.height());
        }
        w.finish();
        return Files.readAllBytes(file);
    }
}
