package io.zonecam.pictures.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import io.zonecam.pictures.testing.Clip;
import io.zonecam.pictures.testing.Pixels;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FrameDecoderTest decodes real ffmpeg-encoded clips (x264 High with B-frames, Baseline, x265 Main with open GOPs)
 * frame by frame at instants between frames and compares each picture with ffmpeg's own decode of the same frame:
 * the luma must be identical (H.264 and H.265 decoding is exact), and must differ from both neighbours, so that
 * picking the wrong frame (decode order instead of presentation order, off by one) fails.
 */
class FrameDecoderTest {

    private final FrameDecoder decoder = new FrameDecoder();

    /** The clips whose decode order differs from display order: H.264 High with B-frames and H.265 Main. */
    static Stream<Named<Clip>> reordering() {
        return Stream.of(Clip.H264_HIGH, Clip.H265_MAIN).map(kind -> Named.of(kind, Clip.get(kind)));
    }

    @ParameterizedTest
    @ValueSource(strings = {Clip.H264_HIGH, Clip.H264_BASELINE, Clip.H265_MAIN})
    void framesAcrossAGopMatchFfmpegBitForBitAndNotTheirNeighbours(String kind) throws Exception {
        Clip clip = Clip.get(kind);
        int w = clip.width();
        int h = clip.height();
        byte[] reference = clip.reference("yuv420p", null);
        assertThat(reference).hasSize(clip.frames() * w * h * 3 / 2);
        List<Long> pts = clip.presentationTimes();
        assertThat(pts).hasSize(clip.frames());
        double closestNeighbour = Double.MAX_VALUE;
        for (int n = 20; n <= 55; n++) {
            CodedVideo gop = gopsAround(clip, n);
            long between = pts.get(n) + (pts.get(n + 1) - pts.get(n)) / 2;
            try (Picture p = decoder.decodeAt(gop, between, Selection.AT_OR_BEFORE)) {
                assertThat(p.ptsTicks()).as("frame %d", n).isEqualTo(pts.get(n));
                assertThat(p.width()).isEqualTo(clip.width());
                byte[] luma = p.luma();
                assertThat(Pixels.mad(luma, Pixels.luma(reference, n, w, h)))
                        .as("frame %d against ffmpeg's", n)
                        .isZero();
                double before = Pixels.mad(luma, Pixels.luma(reference, n - 1, w, h));
                double after = Pixels.mad(luma, Pixels.luma(reference, n + 1, w, h));
                closestNeighbour = Math.min(closestNeighbour, Math.min(before, after));
            }
        }
        assertThat(closestNeighbour).as("neighbouring frames differ").isGreaterThan(0.3);
    }

    @ParameterizedTest
    @MethodSource("reordering")
    void keyframeSelectionDecodesOnlyTheKeyframeShownBefore(Clip clip) throws Exception {
        byte[] reference = clip.reference("yuv420p", null);
        List<Long> pts = clip.presentationTimes();
        CodedVideo second = clip.fragment(1);
        AccessUnit key = second.units().get(0);
        assertThat(key.keyframe()).isTrue();
        int keyIndex = pts.indexOf(key.pts());
        try (Picture p = decoder.decodeAt(second, pts.get(keyIndex + 12), Selection.KEYFRAME)) {
            assertThat(p.ptsTicks()).isEqualTo(key.pts());
            assertThat(p.keyframe()).isTrue();
            assertThat(Pixels.mad(p.luma(), Pixels.luma(reference, keyIndex, clip.width(), clip.height())))
                    .isZero();
        }
        try (Picture p = decoder.decodeKeyframe(second.track(), key)) {
            assertThat(Pixels.mad(p.luma(), Pixels.luma(reference, keyIndex, clip.width(), clip.height())))
                    .isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("reordering")
    void exactSelectionTakesTheFrameOnScreenAndRefusesInstantsAfterTheLast(Clip clip) {
        CodedVideo all = clip.all();
        List<Long> pts = clip.presentationTimes();
        long frame = pts.get(31) - pts.get(30);
        try (Picture p = decoder.decodeAt(all, pts.get(30), Selection.EXACT)) {
            assertThat(p.ptsTicks()).isEqualTo(pts.get(30));
        }
        try (Picture p = decoder.decodeAt(all, pts.get(30) + frame - 1, Selection.EXACT)) {
            assertThat(p.ptsTicks()).isEqualTo(pts.get(30));
        }
        long last = pts.get(pts.size() - 1);
        assertRefused(() -> decoder.decodeAt(all, last + 5 * frame, Selection.EXACT), Reason.NO_FRAME_AT_INSTANT);
        try (Picture p = decoder.decodeAt(all, last + 5 * frame, Selection.AT_OR_BEFORE)) {
            assertThat(p.ptsTicks()).isEqualTo(last);
        }
        assertRefused(() -> decoder.decodeAt(all, pts.get(0) - 1, Selection.AT_OR_BEFORE), Reason.NO_FRAME_AT_INSTANT);
    }

    @ParameterizedTest
    @MethodSource("reordering")
    void instantsInMicrosecondsMapToTheFrameShownThen(Clip clip) {
        CodedVideo all = clip.all();
        List<Long> pts = clip.presentationTimes();
        for (int n : new int[] {0, 1, 26, 40, 74}) {
            long micros = all.track().micros(pts.get(n));
            try (Picture p = decoder.decode(all, micros, Selection.EXACT)) {
                assertThat(p.ptsTicks()).isEqualTo(pts.get(n));
                assertThat(p.ptsMicros()).isEqualTo(micros);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Clip.H265_MAIN})
    void leadingPicturesWithoutTheGopBeforeAreATypedError(String kind) {
        Clip clip = Clip.get(kind);
        CodedVideo second = clip.fragment(1);
        long keyPts = second.units().get(0).pts();
        List<AccessUnit> leading = new ArrayList<>();
        for (AccessUnit u : second.units()) {
            if (u.pts() < keyPts) {
                leading.add(u);
            }
        }
        assertThat(leading).as("x265's open GOP has leading pictures").isNotEmpty();
        assertRefused(() -> decoder.decodeAt(second, leading.get(0).pts(), Selection.EXACT), Reason.NO_KEYFRAME);
        CodedVideo both = CodedVideo.fromFragments(
                clip.init(), List.of(clip.fragments().get(0), clip.fragments().get(1)));
        try (Picture p = decoder.decodeAt(both, leading.get(0).pts(), Selection.EXACT)) {
            assertThat(p.ptsTicks()).isEqualTo(leading.get(0).pts());
        }
    }

    /** The fragment holding frame n and the one before it (leading pictures of open GOPs need it). */
    static CodedVideo gopsAround(Clip clip, int n) {
        int f = clip.fragmentOf(n);
        List<byte[]> fragments = f == 0
                ? List.of(clip.fragments().get(0))
                : List.of(clip.fragments().get(f - 1), clip.fragments().get(f));
        return CodedVideo.fromFragments(clip.init(), fragments);
    }

    private static void assertRefused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOf(PictureException.class)
                .extracting(e -> ((PictureException) e).reason())
                .isEqualTo(reason);
    }
}
