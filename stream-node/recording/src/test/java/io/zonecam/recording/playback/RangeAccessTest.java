package io.zonecam.recording.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.RecordingKey;
import io.zonecam.recording.format.ObjectIndex;
import io.zonecam.recording.format.SegmentIndex;
import io.zonecam.recording.index.Timeline.RecordedObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A time range opens the init and the fragments overlapping it, and no other byte of the object. */
class RangeAccessTest {

    static final long T = 1_750_000_000_000_000L; // µs

    /**
     * A 60 s object starting at {@code T}: a 40-byte init, the fragments from byte 200 on, each 1,000 bytes and 2 s,
     * so fragment i is bytes {@code [200 + 1000 i, 1200 + 1000 i)} and seconds {@code [2 i, 2 i + 2)}.
     */
    static RecordedObject object() {
        List<SegmentIndex.Reference> refs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            refs.add(new SegmentIndex.Reference(1000, 180_000, true, 1, 0));
        }
        ObjectIndex idx = new ObjectIndex(new byte[40], new SegmentIndex(1, 90000, 0, 0, refs), 200);
        RecordingKey key = new RecordingKey("z/", RetentionClass.R7, "cam", T / 1000, T / 1000 + 60_000, "sessa");
        return new RecordedObject(key, idx.objectSize(), idx, T, T + 60_000_000);
    }

    @Test
    void oneSecondOpensTheInitAndTheOneFragmentAroundItOnly() {
        // 21.0–22.0 s lies inside fragment 10, [20 s, 22 s): bytes [10200, 11200).
        RangeAccess a = RangeAccess.of(object(), T + 21_000_000, T + 22_000_000);
        assertThat(a.opensAnyFragment()).isTrue();
        assertThat(a.allows(0, 40)).as("the init").isTrue();
        assertThat(a.allows(10_200, 11_200)).as("fragment 10").isTrue();
        assertThat(a.allows(0, 41)).as("past the init").isFalse();
        assertThat(a.allows(9_200, 10_200)).as("fragment 9").isFalse();
        assertThat(a.allows(11_200, 12_200)).as("fragment 11").isFalse();
        assertThat(a.allows(10_200, 11_201)).as("one byte past the fragment").isFalse();
        assertThat(a.allows(0, object().size())).as("the whole object").isFalse();
        assertThat(a.spanEnd(10_500)).isEqualTo(11_200);
        assertThat(a.spanEnd(12_000)).isEqualTo(-1);
    }

    @Test
    void aRangeAcrossFragmentBoundariesOpensEachOverlappingFragmentAsOneSpan() {
        // 21.5–24.5 s overlaps fragments 10, 11 and 12.
        RangeAccess a = RangeAccess.of(object(), T + 21_500_000, T + 24_500_000);
        assertThat(a.allows(10_200, 13_200)).isTrue();
        assertThat(a.allows(13_200, 14_200)).isFalse();
        // A range ending exactly where a fragment starts does not open that fragment.
        assertThat(RangeAccess.of(object(), T + 20_000_000, T + 22_000_000).allows(11_200, 12_200))
                .isFalse();
    }

    @Test
    void aRangeHoldingTheWholeObjectOpensAllOfItAsOneFile() {
        RangeAccess a = RangeAccess.of(object(), T - 1_000_000, T + 61_000_000);
        assertThat(a.allows(0, object().size())).isTrue();
        assertThat(RangeAccess.of(object(), T + 1, T + 61_000_000).allows(0, object().size()))
                .as("all but the first microsecond")
                .isFalse();
    }

    @Test
    void aRangeOutsideTheObjectOpensNoFragment() {
        RangeAccess a = RangeAccess.of(object(), T + 61_000_000, T + 62_000_000);
        assertThat(a.opensAnyFragment()).isFalse();
        assertThat(a.allows(200, 1200)).isFalse();
    }
}
