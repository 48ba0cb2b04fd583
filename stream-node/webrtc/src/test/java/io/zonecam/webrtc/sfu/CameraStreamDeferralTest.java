package io.zonecam.webrtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.webrtc.transport.TransportConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A camera nobody watches is not packetized: its GOP is kept as the access units ingest delivered and packetized when
 * a viewer needs it, giving the GOP the cache would have held had every picture been packetized on arrival.
 */
class CameraStreamDeferralTest {

    private static final int TICK = 3600; // one 25 fps frame at 90 kHz
    private static final TrackInfo TRACK = TestClip.baseline360p().track();
    private static final byte[] KEY = TestClip.baseline360p().accessUnits().get(0);
    private static final byte[] DELTA = TestClip.baseline360p().accessUnits().get(1);

    private static CameraStream camera() {
        return new CameraStream(
                "cam",
                List.of(TRACK),
                SfuConfig.defaults(TransportConfig.loopback()),
                new SfuMetrics(null, null, null));
    }

    private static MediaFrame frame(long n, boolean key) {
        return new MediaFrame(TRACK.trackId(), n * TICK, n * TICK, key, key ? KEY : DELTA);
    }

    @Test
    void nothingIsPacketizedUntilTheGopIsWanted() {
        CameraStream c = camera();
        for (int i = 0; i < 5; i++) {
            c.onFrame(frame(i, i == 0));
        }
        assertThat(c.retransmissions.stored()).isZero();

        List<VideoAccessUnit> gop = c.cachedGop();
        assertThat(gop).hasSize(5);
        assertThat(gop.get(0).keyframe()).isTrue();
        for (int i = 0; i < gop.size(); i++) {
            assertThat(gop.get(i).timestamp() - gop.get(0).timestamp()).isEqualTo(i * TICK);
        }
        long packets = gop.stream().mapToLong(au -> au.packets().length).sum();
        assertThat(c.retransmissions.stored()).isEqualTo(packets);
        // Sequence numbers run on across the pictures, in arrival order.
        int first = gop.get(0).packets()[0].cameraSequence;
        int n = 0;
        for (VideoAccessUnit au : gop) {
            for (OutboundPacket p : au.packets()) {
                assertThat(p.cameraSequence).isEqualTo((first + n++) & 0xFFFF);
            }
        }
    }

    @Test
    void onlyTheGopSinceTheLastKeyframeIsKept() {
        CameraStream c = camera();
        c.onFrame(frame(0, true));
        c.onFrame(frame(1, false));
        c.onFrame(frame(2, false));
        c.onFrame(frame(3, true));
        c.onFrame(frame(4, false));
        List<VideoAccessUnit> gop = c.cachedGop();
        assertThat(gop).hasSize(2);
        assertThat(gop.get(1).timestamp() - gop.get(0).timestamp()).isEqualTo(TICK);
        assertThat(gop.get(0).keyframe()).isTrue();
    }

    @Test
    void picturesBeforeTheFirstKeyframeAreNotKept() {
        CameraStream c = camera();
        c.onFrame(frame(0, false));
        c.onFrame(frame(1, false));
        assertThat(c.cachedGop()).isEmpty();
        assertThat(c.retransmissions.stored()).isZero();
    }

    @Test
    void aGopPacketizedInPartContinuesWithTheDeferredPictures() {
        CameraStream c = camera();
        c.onFrame(frame(0, true));
        c.onFrame(frame(1, false));
        assertThat(c.cachedGop()).hasSize(2); // packetized now, as when a viewer attaches
        c.onFrame(frame(2, false));
        c.onFrame(frame(3, false));
        List<VideoAccessUnit> gop = c.cachedGop();
        assertThat(gop).hasSize(4);
        assertThat(gop.get(3).timestamp() - gop.get(0).timestamp()).isEqualTo(3 * TICK);
    }
}
