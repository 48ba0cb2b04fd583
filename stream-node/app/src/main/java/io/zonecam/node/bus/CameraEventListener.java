package io.zonecam.node.bus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.zonecam.contracts.bus.BusCodec;
import io.zonecam.contracts.bus.BusException;
import io.zonecam.contracts.bus.CameraEvent;
import io.zonecam.contracts.bus.Topics;
import io.zonecam.node.report.ControlPlaneReports;
import io.zonecam.node.report.ReportChannel;
import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.model.CameraReport;
import io.zonecam.sdk.model.CameraReports;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * CameraEventListener consumes what cameras report on their events topics (motion, sound, tamper) through the nodes'
 * shared subscription ({@code $share/<group>/zonecam/v1/cameras/+/events}) and forwards it to the control plane as
 * {@code camera.reported} events through a report channel, so a control-plane outage costs queue space, never the
 * bus. The camera is the one the topic names (the broker lets a camera write only its own topic), never one named in
 * the message. A message that is not a camera's event, has a time the control plane would refuse, or comes from a
 * camera over its rate is counted and dropped; it never stops the stream or costs another camera its events.
 */
@ApplicationScoped
public class CameraEventListener {

    private static final Logger LOG = Logger.getLogger(CameraEventListener.class);

    /** Queued events while the control plane is away; a few per camera of a full node. */
    static final int CAPACITY = 10_000;
    /** The control plane's largest batch (CameraReports.maxItems). */
    static final int MAX_BATCH = 500;
    /** Refused when this far ahead of the node's clock (the control plane allows 5 min of skew). */
    static final Duration MAX_AHEAD = Duration.ofMinutes(2);
    /** Refused when older than this (the control plane refuses a batch holding one older than 7 days). */
    static final Duration MAX_AGE = Duration.ofDays(6);
    /** Events one camera may queue per minute: twice the control plane's default limit, so a flood cannot fill the queue. */
    static final int PER_CAMERA_PER_MINUTE = 60;

    private final ReportChannel<CameraReport> channel;
    private final PerCameraRate rate;
    private final Clock clock;
    private final Counter heard;
    private final Counter refused;
    private final Counter limited;

    public CameraEventListener(ControlPlaneReports reports, MeterRegistry registry) {
        this.clock = Clock.systemUTC();
        this.rate = new PerCameraRate(PER_CAMERA_PER_MINUTE, Duration.ofMinutes(1), clock);
        NodesApi nodes = reports.client().map(NodesApi::new).orElse(null);
        this.channel =
                reports.channel("camera-events", CAPACITY, MAX_BATCH, (nodeId, batch) -> send(nodes, nodeId, batch));
        this.heard =
                Counter.builder("zonecam.bus.events").tag("outcome", "heard").register(registry);
        this.refused =
                Counter.builder("zonecam.bus.events").tag("outcome", "refused").register(registry);
        this.limited = Counter.builder("zonecam.bus.events")
                .tag("outcome", "rate_limited")
                .register(registry);
    }

    @Incoming("camera-events")
    public CompletionStage<Void> onEvent(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class)
                .map(ReceivingMqttMessageMetadata::getTopic)
                .orElse(null);
        try {
            CameraReport report = toReport(topic, message.getPayload(), clock.instant());
            if (rate.admit(topic)) {
                heard.increment();
                channel.offer(report); // a full queue counts its own drops; standalone, nobody to tell
            } else {
                limited.increment();
            }
        } catch (BusException | IllegalArgumentException e) {
            refused.increment();
            LOG.debugf("event on %s dropped: %s", topic, e.getMessage());
        }
        return message.ack();
    }

    /**
     * The control plane's report of a camera event heard on {@code topic} at {@code now}; its snapshot is the picture
     * at the event's own instant. Throws {@link BusException} or {@link IllegalArgumentException} for anything else.
     */
    static CameraReport toReport(String topic, byte[] payload, Instant now) {
        String cameraId = Topics.cameraOf(topic);
        if (cameraId == null || !topic.equals(Topics.events(cameraId))) {
            throw new BusException("not an events topic");
        }
        UUID camera = UUID.fromString(cameraId); // the control plane's ids; a simulator's free-form id has no row
        CameraEvent event = BusCodec.decodeEvent(payload);
        if (event.occurredAt().isAfter(now.plus(MAX_AHEAD))) {
            throw new BusException("occurredAt " + event.occurredAt() + " is in the future");
        }
        if (event.occurredAt().isBefore(now.minus(MAX_AGE))) {
            throw new BusException("occurredAt " + event.occurredAt() + " is too old");
        }
        var at = event.occurredAt().atOffset(ZoneOffset.UTC);
        return new CameraReport()
                .id(UUID.randomUUID()) // so a batch resent after a timeout is recorded once
                .cameraId(camera)
                .kind(CameraReport.KindEnum.fromValue(event.type().name().toLowerCase(Locale.ROOT)))
                .occurredAt(at)
                .snapshotAt(at);
    }

    private static void send(NodesApi nodes, UUID nodeId, List<CameraReport> batch) throws ApiException {
        var result = nodes.reportCameraEvents(nodeId, new CameraReports().reports(batch));
        if (result.getRateLimited() > 0 || result.getUnknownCamera() > 0) {
            LOG.debugf(
                    "control plane recorded %d camera events, %d over their camera's limit, %d of unknown cameras",
                    result.getAccepted(), result.getRateLimited(), result.getUnknownCamera());
        }
    }
}
