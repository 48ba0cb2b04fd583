package io.zonecam.webrtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.webrtc.transport.TransportConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SFU's rules for H.264 timing and B-frames (SFU.md, "B-frames"): RTP timestamps are presentation times in decode
 * order; a stream whose presentation order differs from its decode order is detected from its timestamps, its video
 * stops, and offers are refused with the reason instead of being served a picture that freezes.
 */
@Timeout(30)
class BFrameRuleTest {

    private static final int TICK = 3600; // one 25 fps frame at 90 kHz

    /** I0 P3 B1 B2 P6 B4 B5 in decode order: what libx264 -bf 2 sends (presentation index × frame). */
    private static final long[] B_PTS = {0, 3, 1, 2, 6, 4, 5};

    private static final TrackInfo TRACK = TestClip.baseline360p().track();
    private static final byte[] KEY = TestClip.baseline360p().accessUnits().get(0);
    private static final byte[] DELTA = TestClip.baseline360p().accessUnits().get(1);

    /** The per-camera counters only; the ICE, DTLS and socket sources are not used by a camera stream. */
    private static SfuMetrics metrics() {
        return new SfuMetrics(null, null, null);
    }

    private static CameraStream camera(SfuMetrics metrics) {
        return new CameraStream("cam", List.of(TRACK), SfuConfig.defaults(TransportConfig.loopback()), metrics);
    }

    private static MediaFrame frame(long dtsFrames, long ptsFrames) {
        return new MediaFrame(1, dtsFrames * TICK, ptsFrames * TICK, dtsFrames == 0, dtsFrames == 0 ? KEY : DELTA);
    }

    @Test
    void rtpTimestampsArePresentationTimesInDecodeOrder() {
        SfuMetrics metrics = metrics();
        CameraStream c = camera(metrics);
        // Presentation later than decode by a constant (no reordering): each picture keeps its own pts.
        for (int i = 0; i < 5; i++) {
            assertThat(c.onFrame(new MediaFrame(1, i * TICK, i * TICK + 2 * TICK, i == 0, i == 0 ? KEY : DELTA)))
                    .isNull();
        }
        List<VideoAccessUnit> gop = c.cachedGop();
        assertThat(gop).hasSize(5);
        for (int i = 0; i < gop.size(); i++) {
            VideoAccessUnit au = gop.get(i);
            assertThat(au.timestamp() - gop.get(0).timestamp()).isEqualTo(i * TICK);
            for (OutboundPacket p : au.packets()) {
                assertThat(p.rtpTimestamp).isEqualTo(au.timestamp());
            }
            // The last packet of each picture carries the marker bit, and only it.
            assertThat(au.packets()[au.packets().length - 1].marker()).isTrue();
        }
        assertThat(c.reordered()).isFalse();
        assertThat(metrics.bFrames()).isZero();
    }

    @Test
    void theFirstPicturePresentedBeforeOneDecodedAheadOfItStopsTheCamerasVideo() {
        SfuMetrics metrics = metrics();
        CameraStream c = camera(metrics);
        assertThat(c.onFrame(frame(0, B_PTS[0]))).isNull();
        assertThat(c.onFrame(frame(1, B_PTS[1]))).isNull();
        assertThat(c.reordered()).isFalse();
        // B1 after P3: reordered. No viewer was attached, so none is handed back to be closed.
        assertThat(c.onFrame(frame(2, B_PTS[2]))).isEmpty();
        assertThat(c.reordered()).isTrue();
        for (int i = 3; i < B_PTS.length; i++) {
            assertThat(c.onFrame(frame(i, B_PTS[i]))).isNull();
        }
        assertThat(metrics.bFrames()).isEqualTo(4);
        // Nothing is cached or sent for this session any more: a viewer would only get a freezing picture.
        assertThat(c.cachedGop()).isEmpty();
        assertThat(c.onFrame(frame(7, 9))).isNull();
        assertThat(c.cachedGop()).isEmpty();
    }

    @Test
    void aStepBackOfBothClocksIsADiscontinuityNotReordering() {
        CameraStream c = camera(metrics());
        for (int i = 0; i < 10; i++) {
            c.onFrame(frame(i, i));
        }
        // The camera's clock restarted: decode and presentation times both jump back.
        for (int i = 0; i < 10; i++) {
            c.onFrame(frame(i, i));
        }
        assertThat(c.reordered()).isFalse();
    }

    @Test
    void aRepublishIsJudgedAfresh() {
        CameraStream c = camera(metrics());
        for (int i = 0; i < B_PTS.length; i++) {
            c.onFrame(frame(i, B_PTS[i]));
        }
        assertThat(c.reordered()).isTrue();
        c.setTracks(List.of(TRACK));
        assertThat(c.reordered()).isFalse();
        for (int i = 0; i < 5; i++) {
            c.onFrame(frame(i, i));
        }
        assertThat(c.reordered()).isFalse();
        assertThat(c.cachedGop()).hasSize(5);
    }

    @Test
    void offersForACameraWithBFramesAreRefusedWithTheReasonAndTheCameraIsFlagged() throws Exception {
        try (Sfu sfu = Sfu.start(SfuOffersAndLimitsTest.config())) {
            sfu.onTracks("cam-b", List.of(TRACK));
            for (int i = 0; i < B_PTS.length; i++) {
                sfu.onFrame("cam-b", frame(i, B_PTS[i]));
            }
            assertThat(sfu.cameraHasBFrames("cam-b")).isTrue();
            assertThat(sfu.camerasWithBFrames()).containsExactly("cam-b");
            assertThatThrownBy(() -> sfu.createViewer("cam-b", SfuOffersAndLimitsTest.chromeOffer()))
                    .isInstanceOfSatisfying(SfuException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SfuException.Reason.CAMERA_HAS_B_FRAMES);
                        assertThat(e.reason().httpStatus()).isEqualTo(409);
                        assertThat(e.getMessage()).contains("B-frames").contains("Recordings are not affected");
                    });
            assertThat(sfu.metrics().offersRefused(SfuException.Reason.CAMERA_HAS_B_FRAMES))
                    .isEqualTo(1);
            assertThat(sfu.metrics().viewers()).isZero();

            // The camera is set to send no B-frames and publishes again: live view works.
            sfu.onTracks("cam-b", List.of(TRACK));
            for (int i = 0; i < 3; i++) {
                sfu.onFrame("cam-b", frame(i, i));
            }
            assertThat(sfu.cameraHasBFrames("cam-b")).isFalse();
            ViewerAnswer answer = sfu.createViewer("cam-b", SfuOffersAndLimitsTest.chromeOffer());
            assertThat(answer.answerSdp()).contains("H264");
        }
    }
}
