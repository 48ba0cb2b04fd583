package io.zonecam.pictures.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import io.zonecam.pictures.testing.Clip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * BadInputTest feeds the decoder what a broken camera, a torn upload or a confused caller gives it: corrupt and
 * random access units, missing or wrong parameter sets, an empty GOP, no keyframe, absurd picture sizes. Each is a
 * {@link PictureException} with its reason; none crashes the JVM, and the decoder works normally afterwards.
 */
class BadInputTest {

    private final FrameDecoder decoder = new FrameDecoder();

    @Test
    void emptyGopAndMissingKeyframeAreTypedErrors() {
        Clip clip = Clip.get(Clip.H264_HIGH);
        CodedVideo gop = clip.fragment(1);
        expect(
                Reason.NO_ACCESS_UNITS,
                () -> decoder.decodeAt(new CodedVideo(gop.track(), List.of()), 0, Selection.AT_OR_BEFORE));
        List<AccessUnit> noKey = gop.units().subList(1, gop.units().size());
        expect(
                Reason.NO_KEYFRAME,
                () -> decoder.decodeAt(new CodedVideo(gop.track(), noKey), Long.MAX_VALUE, Selection.AT_OR_BEFORE));
        expect(Reason.NO_KEYFRAME, () -> decoder.decodeKeyframe(gop.track(), noKey.get(0)));
    }

    @Test
    void missingOrBrokenParameterSetsAreTypedErrors() {
        expect(Reason.BAD_PARAMETER_SETS, () -> VideoTrack.of(TrackInfo.video(1, Codec.H264, 90000, List.of(), 0, 0)));
        expect(Reason.BAD_PARAMETER_SETS, () -> VideoTrack.of(TrackInfo.video(1, Codec.H265, 90000, List.of(), 0, 0)));
        expect(
                Reason.BAD_PARAMETER_SETS,
                () -> VideoTrack.of(TrackInfo.video(
                        1, Codec.H264, 90000, List.of(new byte[] {0x67, 1, 2}, new byte[] {0x68}), 0, 0)));
        expect(Reason.BAD_PARAMETER_SETS, () -> VideoTrack.fromInitSegment(new byte[0]));
        expect(Reason.BAD_PARAMETER_SETS, () -> VideoTrack.fromInitSegment("not an mp4 at all".getBytes()));
        Clip clip = Clip.get(Clip.H264_HIGH);
        byte[] torn = Arrays.copyOf(clip.init(), clip.init().length - 40);
        expect(Reason.BAD_PARAMETER_SETS, () -> VideoTrack.fromInitSegment(torn));
        expect(
                Reason.UNSUPPORTED_CODEC,
                () -> VideoTrack.of(TrackInfo.audio(2, Codec.AAC, 48000, new byte[] {0x11, (byte) 0x90}, 48000, 1)));
    }

    @Test
    void wrongParameterSetsForTheStreamGiveNoPictureNotACrash() {
        // H.265 samples under an H.264 configuration: the decoder must refuse or fail cleanly.
        Clip h264 = Clip.get(Clip.H264_HIGH);
        Clip h265 = Clip.get(Clip.H265_MAIN);
        VideoTrack track = VideoTrack.fromInitSegment(h264.init());
        List<AccessUnit> units = h265.fragment(0).units();
        assertThatThrownBy(() -> decoder.decodeAt(
                        new CodedVideo(track, units), units.get(0).pts(), Selection.KEYFRAME))
                .isInstanceOf(PictureException.class);
    }

    @Test
    void hugePicturesAreRefusedBeforeDecoding() {
        expect(Reason.TOO_LARGE, () -> new VideoTrack(1, Codec.H264, 90000, new byte[0], 4, 16384, 16384));
        expect(Reason.TOO_LARGE, () -> new VideoTrack(1, Codec.H264, 90000, new byte[0], 4, -1, 720));
        List<AccessUnit> many = new ArrayList<>();
        for (int i = 0; i <= CodedVideo.MAX_UNITS; i++) {
            many.add(new AccessUnit(i, i, 1, i == 0, new byte[0]));
        }
        VideoTrack track = VideoTrack.fromInitSegment(Clip.get(Clip.H264_HIGH).init());
        expect(Reason.TOO_LARGE, () -> new CodedVideo(track, many));
    }

    @Test
    void corruptKeyframesAreTypedErrors() {
        Clip clip = Clip.get(Clip.H264_HIGH);
        CodedVideo gop = clip.fragment(1);
        AccessUnit key = gop.units().get(0);
        // Random bytes in place of the slice data, NAL framing kept: the decoder sees a broken IDR.
        byte[] broken = key.data().clone();
        Random random = new Random(7);
        for (int i = 40; i < broken.length; i++) {
            broken[i] = (byte) random.nextInt();
        }
        expect(
                Reason.CORRUPT_DATA,
                () -> decoder.decodeKeyframe(gop.track(), new AccessUnit(key.dts(), key.pts(), 0, true, broken)));
        // Random bytes as the whole access unit: NAL lengths run past the end.
        byte[] garbage = new byte[5000];
        random.nextBytes(garbage);
        expect(Reason.CORRUPT_DATA, () -> decoder.decodeKeyframe(gop.track(), new AccessUnit(0, 0, 0, true, garbage)));
        // Fragments that are not moof + mdat.
        expect(Reason.CORRUPT_DATA, () -> CodedVideo.fromFragments(clip.init(), List.of(garbage)));
        expect(Reason.CORRUPT_DATA, () -> FragmentedMp4.split(garbage));
        byte[] truncatedMdat =
                Arrays.copyOf(clip.init(), clip.init().length + clip.fragments().get(0).length - 8);
        System.arraycopy(
                clip.fragments().get(0),
                0,
                truncatedMdat,
                clip.init().length,
                clip.fragments().get(0).length - 8);
        expect(Reason.CORRUPT_DATA, () -> FragmentedMp4.split(truncatedMdat));
    }

    @Test
    void mutatedStreamsNeverCrashAndOnlyThrowTypedErrors() {
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        int pictures = 0;
        for (String kind : List.of(Clip.H264_HIGH, Clip.H265_MAIN)) {
            Clip clip = Clip.get(kind);
            CodedVideo gop = clip.fragment(1);
            Random random = new Random(kind.hashCode());
            for (int round = 0; round < 150; round++) {
                List<AccessUnit> units = new ArrayList<>(gop.units());
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    int i = random.nextInt(units.size());
                    AccessUnit u = units.get(i);
                    byte[] d = u.data().clone();
                    switch (random.nextInt(3)) {
                        case 0 -> d[random.nextInt(d.length)] ^= (byte) (1 + random.nextInt(255));
                        case 1 -> d = Arrays.copyOf(d, random.nextInt(d.length));
                        default -> {
                            for (int j = 0; j < 16; j++) {
                                d[random.nextInt(d.length)] = (byte) random.nextInt();
                            }
                        }
                    }
                    units.set(i, new AccessUnit(u.dts(), u.pts(), u.duration(), u.keyframe(), d));
                }
                long instant = units.get(random.nextInt(units.size())).pts();
                try (Picture p =
                        decoder.decodeAt(new CodedVideo(gop.track(), units), instant, Selection.AT_OR_BEFORE)) {
                    assertThat(p.width()).isPositive();
                    pictures++;
                } catch (PictureException e) {
                    seen.add(e.reason());
                }
            }
        }
        assertThat(seen).as("damage is reported").contains(Reason.CORRUPT_DATA);
        assertThat(pictures).as("a flipped bit often still decodes").isPositive();
        // The decoder is unharmed: a clean decode still works.
        Clip clip = Clip.get(Clip.H264_HIGH);
        try (Picture p = decoder.decodeAt(clip.all(), clip.presentationTimes().get(40), Selection.EXACT)) {
            assertThat(p.ptsTicks()).isEqualTo(clip.presentationTimes().get(40));
        }
    }

    @Test
    void liveFramesWithTheirTrackDecode() {
        Clip clip = Clip.get(Clip.H264_HIGH);
        CodedVideo gop = clip.fragment(1);
        var config = io.zonecam.media.h264.AvcDecoderConfigurationRecord.parse(
                gop.track().decoderConfig());
        TrackInfo info = TrackInfo.video(1, Codec.H264, (int) gop.track().timescale(), config.parameterSets(), 0, 0);
        List<MediaFrame> frames = gop.units().stream()
                .map(u -> new MediaFrame(1, u.dts(), u.pts(), u.keyframe(), u.data()))
                .toList();
        CodedVideo live = CodedVideo.of(info, frames);
        long newest = frames.stream().mapToLong(MediaFrame::pts).max().orElseThrow();
        try (Picture p = decoder.decodeAt(live, Long.MAX_VALUE, Selection.AT_OR_BEFORE)) {
            assertThat(p.ptsTicks()).isEqualTo(newest);
        }
    }

    private static void expect(Reason reason, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(PictureException.class)
                .extracting(e -> ((PictureException) e).reason())
                .isEqualTo(reason);
    }
}
