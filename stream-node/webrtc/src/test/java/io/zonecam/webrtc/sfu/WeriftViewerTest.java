package io.zonecam.webrtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A werift viewer (an independent WebRTC stack in Node) plays a camera through a real WHEP exchange, ICE-lite,
 * DTLS-SRTP and SRTP on the node's UDP port.
 */
@Timeout(120)
class WeriftViewerTest {

    @Test
    void weriftViewerReceivesLiveH264WithConsecutiveFrameMarkers() throws Exception {
        try (LiveCamera live = LiveCamera.start("cam-werift", TestClip.baseline360p())) {
            Sfu sfu = live.sfu;
            try (NodePeer peer = NodePeer.start("werift-viewer.mjs", live.whepUrl(), "6000")) {
                String early = peer.await(
                        l -> l.contains("\"progress\"")
                                && NodePeer.number(l, "t") >= 2000
                                && NodePeer.number(l, "frames") > 0,
                        20_000);
                String summary = peer.awaitType("summary", 20_000);
                double earlyFrames = NodePeer.number(early, "frames");
                double frames = NodePeer.number(summary, "frames");
                // 6 s at 25 fps, started on the cached GOP: at least ~4 s of pictures, still arriving at the end.
                assertThat(frames).as(summary).isGreaterThan(100);
                assertThat(frames).as("frames keep arriving").isGreaterThan(earlyFrames + 50);
                // The script counts a frame at its first packet and its marker once the frame is whole: the frame in
                // flight when the summary is printed may be counted without its marker yet.
                assertThat(NodePeer.number(summary, "markers")).as(summary).isBetween(frames - 1, frames);
                // Nothing lost: a packet the loaded machine drops on loopback may arrive late through NACK (so
                // seqGaps and markerGaps count reordering), but every picture and every packet arrives once.
                assertThat(NodePeer.number(summary, "markersMissing"))
                        .as(summary)
                        .isZero();
                assertThat(NodePeer.number(summary, "markerRepeats"))
                        .as(summary)
                        .isZero();
                assertThat(NodePeer.number(summary, "seqMissing")).as(summary).isZero();
                assertThat(NodePeer.number(summary, "keyframes")).isGreaterThanOrEqualTo(5);
                assertThat(peer.waitFor(10_000)).isTrue();
            }
            // The script DELETEs its WHEP resource when done.
            await("the viewer is deleted")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> sfu.metrics().viewers() == 0);
            assertThat(sfu.metrics().viewersClosed(ViewerCloseReason.DELETED)).isEqualTo(1);
            assertThat(sfu.metrics().srtpErrors()).isZero();
        }
    }
}
