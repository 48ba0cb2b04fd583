package io.zonecam.node.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.IngestServer;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.rtmp.RtmpServer;
import io.zonecam.ingest.rtmp.RtmpServerConfig;
import io.zonecam.ingest.rtsp.RtspServer;
import io.zonecam.ingest.rtsp.RtspServerConfig;
import io.zonecam.node.auth.DeviceAuthorizer;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.hub.CameraHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/** IngestServers runs the node's RTSP and RTMP servers on their own Netty event loops and publishes their counters. */
@ApplicationScoped
public class IngestServers {

    private static final Logger LOG = Logger.getLogger(IngestServers.class);

    private final EventLoopGroup group;
    private final RtspServer rtsp;
    private final RtmpServer rtmp;

    public IngestServers(NodeConfig config, DeviceAuthorizer authorizer, CameraHub hub, MeterRegistry registry) {
        NodeConfig.Ingest c = config.ingest();
        this.group = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.rtsp = new RtspServer(
                RtspServerConfig.builder()
                        .host(c.host())
                        .port(c.rtspPort())
                        .maxConnections(c.maxConnections())
                        .sessionTimeout(c.idleTimeout())
                        .udpPorts(c.rtspUdpMin(), c.rtspUdpMax())
                        .build(),
                authorizer,
                hub,
                group);
        this.rtmp = new RtmpServer(
                RtmpServerConfig.builder()
                        .host(c.host())
                        .port(c.rtmpPort())
                        .maxConnections(c.maxConnections())
                        .idleTimeout(c.idleTimeout())
                        .maxMessageLength(c.maxMessageBytes())
                        .build(),
                authorizer,
                hub,
                group);
        register(registry, "rtsp", rtsp.counters());
        register(registry, "rtmp", rtmp.counters());
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        InetSocketAddress r = rtsp.start();
        InetSocketAddress m = rtmp.start();
        LOG.infof("ingest listening: RTSP %s, RTMP %s", r, m);
    }

    void stop(@Observes ShutdownEvent event) {
        rtsp.stop();
        rtmp.stop();
        group.shutdownGracefully();
    }

    /** Both servers. */
    public List<IngestServer> servers() {
        return List.of(rtsp, rtmp);
    }

    /** Bytes received by both servers since start. */
    public long bytesIn() {
        return rtsp.counters().bytesIn() + rtmp.counters().bytesIn();
    }

    /** Ends a publish session on whichever server holds it. */
    public boolean disconnect(String sessionId) {
        return rtsp.disconnect(sessionId) || rtmp.disconnect(sessionId);
    }

    private static void register(MeterRegistry registry, String protocol, IngestCounters counters) {
        Gauge.builder("zonecam.ingest.sessions", counters, IngestCounters::sessionsActive)
                .tag("protocol", protocol)
                .description("Publish sessions active")
                .register(registry);
        Gauge.builder("zonecam.ingest.connections", counters, IngestCounters::connectionsActive)
                .tag("protocol", protocol)
                .description("TCP connections open")
                .register(registry);
        FunctionCounter.builder("zonecam.ingest.bytes", counters, IngestCounters::bytesIn)
                .tag("protocol", protocol)
                .description("Bytes received from cameras")
                .register(registry);
        FunctionCounter.builder("zonecam.ingest.frames", counters, IngestCounters::frames)
                .tag("protocol", protocol)
                .description("Access units received")
                .register(registry);
        FunctionCounter.builder("zonecam.ingest.malformed", counters, IngestCounters::malformed)
                .tag("protocol", protocol)
                .description("Malformed requests, chunks or packets")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("zonecam.ingest.rejected", counters, c -> c.rejected(reason))
                    .tag("protocol", protocol)
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("Refused connections and publish attempts")
                    .register(registry);
        }
    }
}
