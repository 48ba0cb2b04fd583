package io.zonecam.node.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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
import io.zonecam.ingest.server.ListenerSettings;
import io.zonecam.node.auth.DeviceAuthorizer;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.hub.CameraHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
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
                listener(RtspServerConfig.builder(), c, c.rtspPort())
                        .sessionTimeout(c.idleTimeout())
                        .udpPorts(c.rtspUdpMin(), c.rtspUdpMax())
                        .build(),
                authorizer,
                hub,
                group);
        this.rtmp = new RtmpServer(
                listener(RtmpServerConfig.builder(), c, c.rtmpPort())
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

    /** The listener settings both servers take from the node's ingest configuration. */
    private static <B extends ListenerSettings<B>> B listener(B builder, NodeConfig.Ingest c, int port) {
        return builder.host(c.host()).port(port).maxConnections(c.maxConnections());
    }

    private static void register(MeterRegistry registry, String protocol, IngestCounters counters) {
        Meters meters = new Meters(registry, Tags.of("protocol", protocol), counters);
        meters.gauge("sessions", IngestCounters::sessionsActive, "Publish sessions active");
        meters.gauge("connections", IngestCounters::connectionsActive, "TCP connections open");
        meters.counter("bytes", IngestCounters::bytesIn, "Bytes received from cameras");
        meters.counter("frames", IngestCounters::frames, "Access units received");
        meters.counter("malformed", IngestCounters::malformed, "Malformed requests, chunks or packets");
        for (RejectReason reason : RejectReason.values()) {
            new Meters(registry, meters.tags().and("reason", reason.name().toLowerCase(Locale.ROOT)), counters)
                    .counter("rejected", c -> c.rejected(reason), "Refused connections and publish attempts");
        }
    }

    /** Registers {@code zonecam.ingest.*} meters over one server's counters, with the given tags. */
    private record Meters(MeterRegistry registry, Tags tags, IngestCounters counters) {
        void gauge(String name, ToDoubleFunction<IngestCounters> value, String description) {
            Gauge.builder("zonecam.ingest." + name, counters, value)
                    .tags(tags)
                    .description(description)
                    .register(registry);
        }

        void counter(String name, ToDoubleFunction<IngestCounters> value, String description) {
            FunctionCounter.builder("zonecam.ingest." + name, counters, value)
                    .tags(tags)
                    .description(description)
                    .register(registry);
        }
    }
}
