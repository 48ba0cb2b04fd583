package io.zonecam.node.bus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.SendingMqttMessageMetadata;
import io.zonecam.contracts.bus.BusCodec;
import io.zonecam.contracts.bus.CameraCommand;
import io.zonecam.contracts.bus.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * DeviceBus sends commands to cameras over MQTT (Mosquitto locally, AWS IoT Core in production), each on the
 * camera's own commands topic, QoS 1.
 */
@ApplicationScoped
public class DeviceBus {

    private static final Logger LOG = Logger.getLogger(DeviceBus.class);

    private final Emitter<byte[]> commands;
    private final Counter sent;
    private final Counter failed;

    public DeviceBus(
            @Channel("camera-commands") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
                    Emitter<byte[]> commands,
            MeterRegistry registry) {
        this.commands = commands;
        this.sent =
                Counter.builder("zonecam.bus.commands").tag("outcome", "sent").register(registry);
        this.failed =
                Counter.builder("zonecam.bus.commands").tag("outcome", "failed").register(registry);
    }

    /** Publishes a command to one camera; completes when the broker acknowledged it (QoS 1). */
    public CompletableFuture<Void> send(String cameraId, CameraCommand command) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Message<byte[]> message = Message.of(BusCodec.encode(command))
                .addMetadata(new SendingMqttMessageMetadata(Topics.commands(cameraId), MqttQoS.AT_LEAST_ONCE, false))
                .withAck(() -> {
                    sent.increment();
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(e -> {
                    failed.increment();
                    LOG.warnf("command %s to camera %s not delivered: %s", command.id(), cameraId, e.getMessage());
                    done.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            commands.send(message);
        } catch (RuntimeException e) {
            failed.increment();
            done.completeExceptionally(e);
        }
        return done;
    }
}
