package io.zonecam.node.live;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.fleet.EgressSource;
import io.zonecam.node.hub.LiveSink;
import io.zonecam.webrtc.sfu.Sfu;
import io.zonecam.webrtc.sfu.SfuConfig;
import io.zonecam.webrtc.sfu.SfuException;
import io.zonecam.webrtc.sfu.SfuMetrics;
import io.zonecam.webrtc.sfu.ViewerAnswer;
import io.zonecam.webrtc.sfu.ViewerEnded;
import io.zonecam.webrtc.transport.TransportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/** LiveService runs the node's embedded WebRTC SFU: it feeds it each camera's live stream and opens WHEP viewers. */
@Startup
@ApplicationScoped
public class LiveService implements LiveSink, EgressSource {

    private static final Logger LOG = Logger.getLogger(LiveService.class);

    private final Sfu sfu;

    public LiveService(NodeConfig config, MeterRegistry registry) {
        NodeConfig.Live live = config.live();
        int advertisedPort = live.advertisedPort() == 0 ? live.port() : live.advertisedPort();
        List<InetSocketAddress> advertised = live.port() == 0
                ? List.of()
                : List.of(new InetSocketAddress(resolve(config.node().advertisedHost()), advertisedPort));
        SfuConfig sfuConfig = SfuConfig.defaults(
                        TransportConfig.of(new InetSocketAddress(live.host(), live.port()), advertised))
                .withLimits(live.maxViewersPerCamera(), live.maxViewers())
                .withConnectTimeout(live.connectTimeout());
        try {
            this.sfu = Sfu.start(sfuConfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the WebRTC media port " + live.host() + ":" + live.port(), e);
        }
        LOG.infof("live: WebRTC on udp %s, candidates %s", sfu.udpAddress(), sfu.candidates());
        registerMetrics(registry, sfu.metrics());
        Gauge.builder(
                        "zonecam.live.cameras.bframes",
                        sfu,
                        x -> x.camerasWithBFrames().size())
                .description("Live cameras whose stream has B-frames, so browsers cannot view them live")
                .register(registry);
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("zonecam.node.advertised-host does not resolve: " + host, e);
        }
    }

    @Override
    public void tracks(String cameraId, List<TrackInfo> tracks) {
        sfu.onTracks(cameraId, tracks);
    }

    @Override
    public void frame(String cameraId, MediaFrame frame) {
        sfu.onFrame(cameraId, frame);
    }

    @Override
    public void ended(String cameraId) {
        sfu.onEnded(cameraId);
    }

    /** Answers a WHEP offer for a camera publishing here. */
    public ViewerAnswer createViewer(String cameraId, String offer) throws SfuException {
        return sfu.createViewer(cameraId, offer);
    }

    /**
     * The camera health flag for live view: the camera's current stream has B-frames, which browsers cannot play
     * as live WebRTC video, so its offers are refused with the reason (stream-node/webrtc/SFU.md, "B-frames").
     */
    public boolean cameraHasBFrames(String cameraId) {
        return sfu.cameraHasBFrames(cameraId);
    }

    /** Frames the live fan-out has taken from all cameras so far. */
    public long framesIn() {
        return sfu.metrics().framesIn();
    }

    /** The live cameras here flagged by {@link #cameraHasBFrames}. */
    @Override
    public List<String> camerasWithBFrames() {
        return sfu.camerasWithBFrames();
    }

    /** Tells {@code listener} of every viewer that ends, with the bytes it was sent (access records). */
    public void onViewerEnded(Consumer<ViewerEnded> listener) {
        sfu.onViewerEnded(listener);
    }

    /** Ends a viewer session; false when there is none. */
    public boolean deleteViewer(String viewerId) {
        return sfu.deleteViewer(viewerId);
    }

    @Override
    public long egressBytes() {
        return sfu.metrics().bytesSent();
    }

    @Override
    public int viewers() {
        return sfu.metrics().viewers();
    }

    void stop(@Observes ShutdownEvent event) {
        sfu.close();
    }

    private static void registerMetrics(MeterRegistry registry, SfuMetrics m) {
        Gauge.builder("zonecam.live.viewers", m, SfuMetrics::viewers)
                .description("WHEP viewers")
                .register(registry);
        Gauge.builder("zonecam.live.viewers.connected", m, SfuMetrics::connectedViewers)
                .description("Viewers with ICE and DTLS done")
                .register(registry);
        Gauge.builder("zonecam.live.egress.bps", m, SfuMetrics::egressBitsPerSecond)
                .description("SRTP bits per second sent to viewers")
                .register(registry);
        counter(registry, "zonecam.live.bytes", "Bytes sent to viewers", m, SfuMetrics::bytesSent);
        counter(
                registry,
                "zonecam.live.bframes",
                "Camera pictures seen out of presentation order (B-frames: live view refused)",
                m,
                SfuMetrics::bFrames);
        counter(
                registry,
                "zonecam.live.packets.dropped",
                "Packets dropped for slow viewers",
                m,
                SfuMetrics::packetsDropped);
        counter(
                registry,
                "zonecam.live.send.failures",
                "Packets the media socket refused (send buffer full), counted in the dropped packets too",
                m,
                SfuMetrics::sendFailures);
        counter(
                registry,
                "zonecam.live.send.expired",
                "Packets dropped on the media port's event loop after waiting longer than a NACK is answered (1 s)",
                m,
                SfuMetrics::sendExpired);
        FunctionCounter.builder("zonecam.live.send.wait", m, SfuMetrics::sendWaitSeconds)
                .baseUnit("seconds")
                .description(
                        "Time egress workers waited for the media port's event loop before handing it more packets")
                .register(registry);
        counter(
                registry,
                "zonecam.live.nack.misses",
                "NACKed packets no longer in the retransmission cache",
                m,
                SfuMetrics::nackMisses);
        counter(registry, "zonecam.live.retransmissions", "Packets resent after NACKs", m, SfuMetrics::retransmissions);
        counter(registry, "zonecam.live.plis", "Picture loss indications received", m, SfuMetrics::plis);
        counter(registry, "zonecam.live.dtls.failures", "DTLS handshakes that failed", m, SfuMetrics::dtlsFailures);
        counter(
                registry,
                "zonecam.live.ice.timeouts",
                "Viewers that never finished ICE",
                m,
                SfuMetrics::iceConnectTimeouts);
        counter(registry, "zonecam.live.garbage", "Datagrams dropped as garbage", m, SfuMetrics::garbageDatagrams);
        for (SfuException.Reason r : SfuException.Reason.values()) {
            FunctionCounter.builder("zonecam.live.offers.refused", m, x -> x.offersRefused(r))
                    .tag("reason", r.name().toLowerCase(Locale.ROOT))
                    .description("WHEP offers refused")
                    .register(registry);
        }
    }

    private static void counter(
            MeterRegistry r, String name, String description, SfuMetrics m, ToLongFunction<SfuMetrics> f) {
        FunctionCounter.builder(name, m, x -> f.applyAsLong(x))
                .description(description)
                .register(r);
    }
}
