package io.zonecam.node.bus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.zonecam.contracts.bus.BusCodec;
import io.zonecam.contracts.bus.BusException;
import io.zonecam.contracts.bus.CameraState;
import io.zonecam.contracts.bus.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * CameraStateListener consumes the cameras' state topics. The nodes share one subscription
 * ({@code $share/<group>/zonecam/v1/cameras/+/state}), so the broker hands each state to one node, whichever zone it
 * is in: the control plane is a set of functions with no connection to hold, and any node can relay a state. A
 * message that is not a camera's state (wrong topic, bad JSON, a camera id the control plane did not issue) is
 * counted and dropped; it never stops the stream.
 */
@ApplicationScoped
public class CameraStateListener {

    private static final Logger LOG = Logger.getLogger(CameraStateListener.class);

    private final CameraPresence presence;
    private final Clock clock;
    private final Counter accepted;
    private final Counter refused;

    public CameraStateListener(CameraPresence presence, MeterRegistry registry) {
        this.presence = presence;
        this.clock = Clock.systemUTC();
        this.accepted =
                Counter.builder("zonecam.bus.states").tag("outcome", "heard").register(registry);
        this.refused =
                Counter.builder("zonecam.bus.states").tag("outcome", "refused").register(registry);
    }

    @Incoming("camera-states")
    public CompletionStage<Void> onState(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class)
                .map(ReceivingMqttMessageMetadata::getTopic)
                .orElse(null);
        String cameraId = Topics.cameraOf(topic);
        try {
            if (cameraId == null || !topic.equals(Topics.state(cameraId))) {
                throw new BusException("not a state topic");
            }
            UUID.fromString(cameraId); // the control plane's ids; a simulator's free-form id has no row to update
            CameraState state = BusCodec.decodeState(message.getPayload());
            presence.heard(cameraId, state, clock.instant());
            accepted.increment();
        } catch (BusException | IllegalArgumentException e) {
            refused.increment();
            LOG.debugf("state on %s dropped: %s", topic, e.getMessage());
        }
        return message.ack();
    }
}
