package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.transport.DatagramSender;
import io.zonecam.webrtc.transport.TransportConfig;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * LiveCamera is what the viewer tests play: an SFU on loopback with two egress threads, one camera fed from a test
 * clip, and the test WHEP server over them; started together, with the camera's first ten frames fed, and closed
 * together.
 */
final class LiveCamera implements AutoCloseable {

    final Sfu sfu;
    final CameraFeeder camera;
    final WhepTestServer whep;
    private final String cameraId;

    private LiveCamera(Sfu sfu, CameraFeeder camera, WhepTestServer whep, String cameraId) {
        this.sfu = sfu;
        this.camera = camera;
        this.whep = whep;
        this.cameraId = cameraId;
    }

    static LiveCamera start(String cameraId, TestClip clip) throws IOException {
        return start(cameraId, clip, UnaryOperator.identity());
    }

    /** As {@link #start(String, TestClip)}, every datagram the SFU sends going through {@code senders}. */
    static LiveCamera start(String cameraId, TestClip clip, UnaryOperator<DatagramSender> senders) throws IOException {
        Sfu sfu = Sfu.start(SfuConfig.defaults(TransportConfig.loopback()).withEgressThreads(2), senders);
        CameraFeeder camera = null;
        WhepTestServer whep = null;
        try {
            camera = CameraFeeder.start(sfu, cameraId, clip);
            whep = WhepTestServer.start(sfu);
            camera.awaitFrames(10, 5_000);
            return new LiveCamera(sfu, camera, whep, cameraId);
        } catch (Throwable t) {
            closeAll(sfu, camera, whep);
            throw t;
        }
    }

    /** The WHEP URL of this camera. */
    String whepUrl() {
        return whep.whepUrl(cameraId);
    }

    @Override
    public void close() {
        closeAll(sfu, camera, whep);
    }

    /** Closes the WHEP server, then the camera, then the SFU (those not started are null), each even if one fails. */
    private static void closeAll(Sfu sfu, CameraFeeder camera, WhepTestServer whep) {
        try {
            if (whep != null) {
                whep.close();
            }
        } finally {
            try {
                if (camera != null) {
                    camera.close();
                }
            } finally {
                sfu.close();
            }
        }
    }
}
