package io.zonecam.node.support;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * TestBusClient publishes on the machine's Mosquitto (127.0.0.1:1883) as a camera would, QoS 1, each call waiting
 * for the broker's acknowledgement.
 */
public final class TestBusClient implements AutoCloseable {

    private final Vertx vertx;
    private final MqttClient client;

    private TestBusClient(Vertx vertx, MqttClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    /** Connects with a fresh client id beginning with {@code prefix}. */
    public static TestBusClient connect(String prefix) throws Exception {
        Vertx vertx = Vertx.vertx();
        MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId(prefix + UUID.randomUUID()));
        client.connect(1883, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        return new TestBusClient(vertx, client);
    }

    public void publish(String topic, byte[] payload) throws Exception {
        client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
