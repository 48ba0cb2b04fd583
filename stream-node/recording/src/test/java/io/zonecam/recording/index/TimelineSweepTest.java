package io.zonecam.recording.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.RecordingKey;
import io.zonecam.recording.format.ObjectIndex;
import io.zonecam.recording.format.SegmentIndex;
import io.zonecam.recording.index.Timeline.Gap;
import io.zonecam.recording.index.Timeline.GapReason;
import io.zonecam.recording.index.Timeline.RecordedObject;
import io.zonecam.recording.index.Timeline.Segment;
import io.zonecam.recording.playback.HlsPlaylist;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overlap and discontinuity rules on synthetic objects, and the playlist text they produce. */
class TimelineSweepTest {

    static final long T = 1_750_000_000_000L; // ms
    static final long TOL = 100_000;

    /** An object of a session whose fragments last {@code seconds} each, starting at media time {@code mediaStart}. */
    static RecordedObject object(
            String session, long startMillis, long mediaStartSeconds, byte initByte, double... seconds) {
        List<SegmentIndex.Reference> refs = new ArrayList<>();
        long total = 0;
        for (double s : seconds) {
            long d = Math.round(s * 90000);
            refs.add(new SegmentIndex.Reference(1000, d, s != 2.5, s != 2.5 ? 1 : 0, 0));
            total += d;
        }
        byte[] init = new byte[40];
        init[39] = initByte;
        ObjectIndex idx = new ObjectIndex(init, new SegmentIndex(1, 90000, mediaStartSeconds * 90000, 0, refs), 200);
        long end = startMillis * 1000 + total * 1000 / 90;
        RecordingKey key =
                new RecordingKey("z/", RetentionClass.R7, "cam", startMillis, Math.ceilDiv(end, 1000), session);
        return new RecordedObject(key, idx.objectSize(), idx, startMillis * 1000, end);
    }

    static Timeline build(long fromMillis, long toMillis, RecordedObject... objects) {
        return CameraIndex.build("cam", fromMillis * 1000, toMillis * 1000, List.of(objects), TOL);
    }

    @Test
    void objectsOfOneSessionPlayOnWithoutADiscontinuity() {
        Timeline t =
                build(T, T + 8000, object("sessa", T, 0, (byte) 1, 2, 2), object("sessa", T + 4000, 4, (byte) 1, 2, 2));
        assertThat(t.segments()).hasSize(4).noneMatch(Segment::discontinuity);
        assertThat(t.gaps()).isEmpty();
    }

    @Test
    void aDrainHandoverSwitchesToTheNewSessionWhereTheOldOnesLastFragmentIsCutShort() {
        // Make-before-break: the new node's session starts at keyframe K = 4 s; the old one sends the same frames for
        // another second and ends there, so its last fragment is [4, 5) while the new one's first is [4, 6).
        RecordedObject old = object("sessa", T, 0, (byte) 1, 2, 2, 1); // 0–5 s
        RecordedObject fresh = object("sessb", T + 4010, 0, (byte) 1, 2, 2); // 4.01–8.01 s, 10 ms skew
        Timeline t = build(T, T + 8010, old, fresh);
        assertPlays(t, "sessa#0", "sessa#1", "sessb#0", "sessb#1");
        assertThat(t.gaps()).isEmpty();
    }

    @Test
    void aDrainHandoverSwitchesToTheNewSessionEvenWhenTheNodesStampsDifferByMoreThanTheTolerance() {
        // The bench-drain camera 0158675b: the new node anchored its session 127 ms after the capture time (its
        // first second of frames all arrived late during the drain), the old one 5 ms after, so the new session's
        // first fragment (frames 1300-1349) starts 122 ms after the old one's cut-short last (frames 1300-1328).
        // Playing the old fragment skipped the new one whole: frames 1329-1349 were recorded but never played.
        RecordedObject old = object("sessa", T, 0, (byte) 1, 2, 2, 1.16); // 0–5.16 s
        RecordedObject fresh = object("sessb", T + 4122, 1, (byte) 1, 2, 2); // 4.122–8.122 s
        Timeline t = build(T, T + 8122, old, fresh);
        assertPlays(t, "sessa#0", "sessa#1", "sessb#0", "sessb#1");
        // Unplayed is only the stamps' difference, in place of the old session's copy of the same frames.
        assertThat(t.gaps()).containsExactly(new Gap((T + 4000) * 1000, (T + 4122) * 1000, GapReason.OVERLAP_SWITCH));
    }

    @Test
    void aSkewedOverlapKeepsTheCurrentSessionWhileItGoesOn() {
        // Same 150 ms skew, but the old session continues: nothing is gained by leaving it early.
        RecordedObject a = object("sessa", T, 0, (byte) 1, 2, 2, 2); // 0–6 s
        RecordedObject b = object("sessb", T + 2150, 0, (byte) 1, 2, 2, 2); // 2.15–8.15 s
        Timeline t = build(T, T + 8150, a, b);
        assertPlays(t, "sessa#0", "sessa#1", "sessa#2", "sessb#2");
        assertThat(t.gaps()).containsExactly(new Gap((T + 6000) * 1000, (T + 6150) * 1000, GapReason.OVERLAP_SWITCH));
    }

    @Test
    void aTimestampJumpInsideASessionIsADiscontinuityEvenWithoutAGap() {
        // Media time restarts at 100 s while wall-clock continues (re-anchored after a jump).
        Timeline t = build(
                T, T + 8000, object("sessa", T, 0, (byte) 1, 2, 2), object("sessa", T + 4000, 100, (byte) 1, 2, 2));
        assertThat(t.segments()).extracting(Segment::discontinuity).containsExactly(false, false, true, false);
    }

    @Test
    void aNewInitSegmentIsADiscontinuity() {
        Timeline t =
                build(T, T + 8000, object("sessa", T, 0, (byte) 1, 2, 2), object("sessa", T + 4000, 4, (byte) 2, 2, 2));
        assertThat(t.segments()).extracting(Segment::discontinuity).containsExactly(false, false, true, false);
    }

    @Test
    void onOverlapTheFragmentThatStartsFirstWinsAndTheCurrentObjectWinsTies() {
        RecordedObject a = object("sessa", T, 0, (byte) 1, 2, 2, 2); // 0–6 s
        RecordedObject b = object("sessb", T + 2030, 50, (byte) 1, 2, 2, 2); // 2.03–8.03 s, 30 ms skew
        Timeline t = build(T, T + 8030, a, b);
        assertPlays(t, "sessa#0", "sessa#1", "sessa#2", "sessb#2");
        assertThat(t.segments().get(3).discontinuity()).isTrue();
        assertThat(t.gaps()).isEmpty();
        assertThat(t.overlaps(TOL)).hasSize(1);
    }

    @Test
    void misalignedOverlapLeavesAnExplicitSwitchGapInsteadOfReplaying() {
        RecordedObject a = object("sessa", T, 0, (byte) 1, 2, 2); // 0–4 s
        RecordedObject b = object("sessb", T + 1000, 9, (byte) 1, 2, 2, 2); // 1–7 s
        Timeline t = build(T, T + 7000, a, b);
        assertThat(t.entries()).hasSize(4);
        assertThat(t.entries().get(2))
                .isEqualTo(new Gap((T + 4000) * 1000, (T + 5000) * 1000, GapReason.OVERLAP_SWITCH));
        assertThat(((Segment) t.entries().get(3)).fragment()).isEqualTo(2);
    }

    @Test
    void playlistMarksGapsMapsByteRangesAndDropsIndependentSegmentsWhenAFragmentLacksAKeyframe() {
        RecordedObject a = object("sessa", T, 0, (byte) 1, 2, 2.5);
        RecordedObject b = object("sessb", T + 30_000, 0, (byte) 1, 2);
        Timeline t = build(T, T + 32_000, a, b);
        assertThat(t.gaps()).singleElement().extracting(Gap::reason).isEqualTo(GapReason.NO_RECORDING);
        String playlist = HlsPlaylist.write(t, (key, offset, length) -> "https://cdn/" + key + "?token=x");
        assertThat(playlist).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:3
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-MAP:URI="https://cdn/z/r7/cam/2025/06/15/15/1750000000000-1750000004500-sessa.mp4?token=x",BYTERANGE="40@0"
                #EXT-X-PROGRAM-DATE-TIME:2025-06-15T15:06:40.000Z
                #EXTINF:2.000,
                #EXT-X-BYTERANGE:1000@200
                https://cdn/z/r7/cam/2025/06/15/15/1750000000000-1750000004500-sessa.mp4?token=x
                #EXT-X-PROGRAM-DATE-TIME:2025-06-15T15:06:42.000Z
                #EXTINF:2.500,
                #EXT-X-BYTERANGE:1000@1200
                https://cdn/z/r7/cam/2025/06/15/15/1750000000000-1750000004500-sessa.mp4?token=x
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="https://cdn/z/r7/cam/2025/06/15/15/1750000030000-1750000032000-sessb.mp4?token=x",BYTERANGE="40@0"
                #EXT-X-PROGRAM-DATE-TIME:2025-06-15T15:07:10.000Z
                #EXTINF:2.000,
                #EXT-X-BYTERANGE:1000@200
                https://cdn/z/r7/cam/2025/06/15/15/1750000030000-1750000032000-sessb.mp4?token=x
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void nothingRecordedIsOneGap() {
        Timeline t = build(T, T + 60_000);
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.entries()).containsExactly(new Gap(T * 1000, (T + 60_000) * 1000, GapReason.NO_RECORDING));
    }

    /** Asserts the timeline plays exactly these fragments, each as {@code <session>#<fragment>}, in order. */
    private static void assertPlays(Timeline t, String... fragments) {
        assertThat(t.segments())
                .extracting(s -> s.object().key().sessionId() + "#" + s.fragment())
                .containsExactly(fragments);
    }
}
