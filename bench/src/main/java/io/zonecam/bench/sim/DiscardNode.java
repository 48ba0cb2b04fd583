package io.zonecam.bench.sim;

import io.zonecam.ingest.AuthDecision;
import io.zonecam.ingest.rtmp.RtmpServer;
import io.zonecam.ingest.rtmp.RtmpServerConfig;
import io.zonecam.ingest.rtsp.RtspServer;
import io.zonecam.ingest.rtsp.RtspServerConfig;

/**
 * DiscardNode stands in for a stream node when only ingest matters: the node's RTSP and RTMP servers, accepting any
 * token, checking every frame marker and discarding the media, with a summary line every 5 s.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.zonecam.bench.sim.DiscardNode [rtspPort] [rtmpPort]}
 * (defaults 8554 and 1935). Not for production: it authorizes everyone.
 */
public final class DiscardNode {

    private DiscardNode() {}

    public static void main(String[] args) throws Exception {
        int rtspPort = args.length > 0 ? Integer.parseInt(args[0]) : 8554;
        int rtmpPort = args.length > 1 ? Integer.parseInt(args[1]) : 1935;
        MarkerCheckingSink sink = new MarkerCheckingSink();
        RtspServer rtsp = new RtspServer(
                RtspServerConfig.builder().port(rtspPort).udpEnabled(false).build(),
                r -> AuthDecision.allow(r.cameraId()),
                sink,
                null);
        RtmpServer rtmp = new RtmpServer(
                RtmpServerConfig.builder().port(rtmpPort).build(), r -> AuthDecision.allow(r.cameraId()), sink, null);
        System.out.println("discard node: RTSP " + rtsp.start() + ", RTMP " + rtmp.start());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            rtsp.stop();
            rtmp.stop();
            System.out.println("final " + sink.summary());
        }));
        while (true) {
            Thread.sleep(5000);
            System.out.println(sink.summary());
        }
    }
}
