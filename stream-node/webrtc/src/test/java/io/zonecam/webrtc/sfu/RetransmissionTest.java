package io.zonecam.webrtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.webrtc.transport.DatagramSender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every 30th video packet to a werift viewer is lost on the way out; werift NACKs them and the SFU resends them from
 * the camera's retransmission buffer (as RTX when negotiated, else the identical SRTP packet again), so every picture
 * arrives.
 */
@Timeout(120)
class RetransmissionTest {

    @ParameterizedTest(name = "rtx={0}")
    @ValueSource(booleans = {true, false})
    void nackedPacketsAreResentAndNoPictureIsMissing(boolean rtx) throws Exception {
        AtomicLong videoPackets = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        // SRTP keeps the RTP header in clear: drop originals of payload type 96 (werift's H.264), never RTX (97).
        java.util.function.UnaryOperator<DatagramSender> lossy = real -> (buf, off, len, to) -> {
            boolean rtp = len > 12 && (buf[off] & 0xC0) == 0x80 && (buf[off + 1] & 0x7F) == 96;
            if (rtp && videoPackets.incrementAndGet() % 30 == 0) {
                dropped.incrementAndGet();
                return true;
            }
            return real.send(buf, off, len, to);
        };
        try (LiveCamera live = LiveCamera.start("cam-nack", TestClip.baseline360p(), lossy)) {
            Sfu sfu = live.sfu;
            String[] args =
                    rtx ? new String[] {live.whepUrl(), "6000"} : new String[] {live.whepUrl(), "6000", "--no-rtx"};
            try (NodePeer peer = NodePeer.start("werift-viewer.mjs", args)) {
                String summary = peer.awaitType("summary", 30_000);
                assertThat(dropped.get()).isGreaterThan(20);
                assertThat(sfu.metrics().nackedPackets())
                        .as(sfu.metrics().toString())
                        .isPositive();
                assertThat(sfu.metrics().retransmissions())
                        .as(sfu.metrics().toString())
                        .isPositive();
                assertThat(NodePeer.number(summary, "frames")).as(summary).isGreaterThan(100);
                // Pictures near the end may still be waiting for their retransmission when the viewer stops.
                assertThat(NodePeer.number(summary, "markersMissing"))
                        .as(summary)
                        .isLessThanOrEqualTo(2);
                assertThat(sfu.metrics().srtpErrors()).isZero();
            }
        }
    }
}
