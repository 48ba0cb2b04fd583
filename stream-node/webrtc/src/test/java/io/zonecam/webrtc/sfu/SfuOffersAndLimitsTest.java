package io.zonecam.webrtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.webrtc.negotiation.NegotiationException;
import io.zonecam.webrtc.transport.TransportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** WHEP offers the SFU must refuse with a typed reason, its viewer limits, and offers that never connect. */
@Timeout(60)
class SfuOffersAndLimitsTest {

    static final TrackInfo H264 = TestClip.baseline360p().track();

    static String chromeOffer() throws IOException {
        try (InputStream in = SfuOffersAndLimitsTest.class.getResourceAsStream(
                "/io/zonecam/webrtc/negotiation/offers/chrome-video-audio.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static SfuConfig config() {
        return SfuConfig.defaults(TransportConfig.loopback()).withEgressThreads(1);
    }

    @Test
    void garbageSdpIsABadOffer() throws Exception {
        try (Sfu sfu = Sfu.start(config())) {
            sfu.onTracks("cam", List.of(H264));
            assertThatThrownBy(() -> sfu.createViewer("cam", "this is not SDP\r\n\u0000\u0001"))
                    .isInstanceOfSatisfying(SfuException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SfuException.Reason.BAD_OFFER);
                        assertThat(e.reason().httpStatus()).isEqualTo(400);
                    });
            assertThatThrownBy(() -> sfu.createViewer("cam", ""))
                    .isInstanceOfSatisfying(
                            SfuException.class, e -> assertThat(e.reason()).isEqualTo(SfuException.Reason.BAD_OFFER));
            assertThat(sfu.metrics().viewers()).isZero();
        }
    }

    @Test
    void offerWithoutH264IsNotAcceptable() throws Exception {
        String vp8Only = chromeOffer().replaceAll("(?m)^a=rtpmap:(\\d+) H264/90000", "a=rtpmap:$1 VP8/90000");
        try (Sfu sfu = Sfu.start(config())) {
            sfu.onTracks("cam", List.of(H264));
            assertThatThrownBy(() -> sfu.createViewer("cam", vp8Only)).isInstanceOfSatisfying(SfuException.class, e -> {
                assertThat(e.reason()).isEqualTo(SfuException.Reason.OFFER_NOT_ACCEPTABLE);
                assertThat(e.reason().httpStatus()).isEqualTo(406);
                assertThat(e.negotiationReason()).contains(NegotiationException.Reason.NO_H264_PACKETIZATION_MODE_1);
            });
        }
    }

    @Test
    void unknownCameraIsNotFoundAndH265CameraIsNotPlayable() throws Exception {
        try (Sfu sfu = Sfu.start(config())) {
            assertThatThrownBy(() -> sfu.createViewer("nobody", chromeOffer()))
                    .isInstanceOfSatisfying(
                            SfuException.class,
                            e -> assertThat(e.reason().httpStatus()).isEqualTo(404));
            sfu.onTracks("hevc", List.of(TrackInfo.video(1, Codec.H265, 90_000, List.of(), 1920, 1080)));
            assertThatThrownBy(() -> sfu.createViewer("hevc", chromeOffer()))
                    .isInstanceOfSatisfying(SfuException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SfuException.Reason.CAMERA_NOT_PLAYABLE);
                        assertThat(e.reason().httpStatus()).isEqualTo(409);
                    });
            sfu.onTracks("gone", List.of(H264));
            sfu.onEnded("gone");
            assertThatThrownBy(() -> sfu.createViewer("gone", chromeOffer()))
                    .isInstanceOfSatisfying(
                            SfuException.class,
                            e -> assertThat(e.reason()).isEqualTo(SfuException.Reason.CAMERA_NOT_FOUND));
        }
    }

    @Test
    void tellsOnceOfEachViewerThatEndsWithWhyAndTheBytesItWasSent() throws Exception {
        try (Sfu sfu = Sfu.start(config())) {
            List<ViewerEnded> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
            sfu.onViewerEnded(ended::add);
            sfu.onTracks("a", List.of(H264));
            ViewerAnswer viewer = sfu.createViewer("a", chromeOffer());
            sfu.deleteViewer(viewer.viewerId());
            sfu.deleteViewer(viewer.viewerId());
            assertThat(ended).containsExactly(new ViewerEnded(viewer.viewerId(), "a", ViewerCloseReason.DELETED, 0));
        }
    }

    @Test
    void perCameraAndPerNodeLimitsRefuseWithTypedReasonsAndFreeSlotsOnDelete() throws Exception {
        try (Sfu sfu = Sfu.start(config().withLimits(2, 3))) {
            sfu.onTracks("a", List.of(H264));
            sfu.onTracks("b", List.of(H264));
            ViewerAnswer a1 = sfu.createViewer("a", chromeOffer());
            sfu.createViewer("a", chromeOffer());
            assertThatThrownBy(() -> sfu.createViewer("a", chromeOffer()))
                    .isInstanceOfSatisfying(SfuException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SfuException.Reason.CAMERA_VIEWER_LIMIT);
                        assertThat(e.reason().httpStatus()).isEqualTo(429);
                    });
            sfu.createViewer("b", chromeOffer());
            assertThatThrownBy(() -> sfu.createViewer("b", chromeOffer()))
                    .isInstanceOfSatisfying(SfuException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SfuException.Reason.NODE_VIEWER_LIMIT);
                        assertThat(e.reason().httpStatus()).isEqualTo(503);
                    });
            assertThat(sfu.deleteViewer(a1.viewerId())).isTrue();
            assertThat(sfu.deleteViewer(a1.viewerId())).isFalse();
            assertThat(sfu.viewerCount("a")).isEqualTo(1);
            sfu.createViewer("b", chromeOffer());
            assertThat(sfu.metrics().viewers()).isEqualTo(3);
            assertThat(sfu.metrics().offersRefused(SfuException.Reason.NODE_VIEWER_LIMIT))
                    .isEqualTo(1);
        }
    }

    @Test
    void answerCarriesTheMediaPortCandidateAndAnUnguessableViewerId() throws Exception {
        try (Sfu sfu = Sfu.start(config())) {
            sfu.onTracks("cam", List.of(H264));
            ViewerAnswer a = sfu.createViewer("cam", chromeOffer());
            assertThat(a.answerSdp())
                    .contains(
                            "a=ice-lite",
                            "a=setup:passive",
                            "127.0.0.1 " + sfu.udpAddress().getPort() + " typ host");
            assertThat(a.viewerId()).matches("[A-Za-z0-9_-]{22}");
            assertThat(a.etag()).startsWith("\"").endsWith("\"");
        }
    }

    @Test
    void thousandOffersThatNeverDoIceAreCleanedUpAfterTheConnectTimeoutWithBoundedMemory() throws Exception {
        var memory = ManagementFactory.getMemoryMXBean();
        try (Sfu sfu = Sfu.start(config().withLimits(2000, 2000).withConnectTimeout(Duration.ofSeconds(2)))) {
            sfu.onTracks("cam", List.of(H264));
            String offer = chromeOffer();
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            for (int i = 0; i < 1000; i++) {
                sfu.createViewer("cam", offer);
            }
            System.gc();
            long held = memory.getHeapMemoryUsage().getUsed() - before;
            assertThat(sfu.metrics().viewers()).isEqualTo(1000);
            // No DTLS session (and no thread) exists until a viewer's first DTLS datagram.
            assertThat(sfu.metrics().dtls().started()).isZero();
            // A pending viewer is its negotiated session, ICE state and a small queue: well under 64 KiB each.
            assertThat(held).as("heap held by 1,000 pending viewers").isLessThan(64L * 1000 * 1024);
            await("pending viewers closed after the connect timeout")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sfu.metrics().viewers() == 0);
            assertThat(sfu.viewerCount("cam")).isZero();
            assertThat(sfu.metrics().viewersClosed(ViewerCloseReason.CONNECT_TIMEOUT))
                    .isEqualTo(1000);
            // The ICE agent forgot them too (whichever of the agent and the SFU noticed the timeout first).
            assertThat(sfu.agent().sessionCount()).isZero();
            // The slots are free again.
            sfu.createViewer("cam", offer);
        }
    }
}
