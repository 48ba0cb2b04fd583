package io.zonecam.node.support;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.zonecam.node.bus.LiveKeyCertOptions;
import io.zonecam.testing.mqtt.PemFiles;
import io.zonecam.testing.mqtt.TestCa;
import io.zonecam.testing.mqtt.TlsMosquitto;
import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * CameraBusClient publishes on the test's device bus as cameras do: each camera with its own certificate of the test
 * CA (CN = camera id), so the broker's ACL lets it write its own state topic only.
 */
public final class CameraBusClient implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final TestCa ca;
    private final TlsMosquitto broker;
    private final Map<String, MqttClient> clients = new HashMap<>();

    public CameraBusClient(TestCa ca, TlsMosquitto broker) {
        this.ca = ca;
        this.broker = broker;
    }

    /** Publishes {@code payload} on {@code topic} (QoS 1, waits for the broker's ack) as camera {@code cameraId}. */
    public void publish(String cameraId, String topic, byte[] payload) throws Exception {
        client(cameraId)
                .publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    private MqttClient client(String cameraId) throws Exception {
        MqttClient client = clients.get(cameraId);
        if (client != null && client.isConnected()) {
            return client;
        }
        TestCa.Issued cert = issue(cameraId);
        client = MqttClient.create(
                vertx,
                new MqttClientOptions()
                        .setClientId(cameraId)
                        // Floods in the tests publish faster than the broker acknowledges (the default is 10).
                        .setMaxInflightQueue(1000)
                        .setSsl(true)
                        .setHostnameVerificationAlgorithm("HTTPS")
                        .setKeyCertOptions(new LiveKeyCertOptions(keyManager(cert)))
                        .setTrustOptions(new PemTrustOptions()
                                .addCertPath(broker.caFile().toString())));
        client.connect(broker.port(), broker.host())
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        clients.put(cameraId, client);
        return client;
    }

    private static X509KeyManager keyManager(TestCa.Issued cert) throws Exception {
        char[] password = "test".toCharArray(); // an in-memory key store only
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("camera", PemFiles.privateKey(cert.key()), password, new Certificate[] {
            PemFiles.certificate(cert.certificate())
        });
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        return (X509KeyManager) kmf.getKeyManagers()[0];
    }

    private TestCa.Issued issue(String cameraId) throws IOException {
        return ca.issueClient(
                "camera-" + UUID.randomUUID(), "/O=org-test/OU=" + NodeTestEnvironment.ZONE + "/CN=" + cameraId);
    }

    @Override
    public void close() throws Exception {
        for (MqttClient c : clients.values()) {
            if (c.isConnected()) {
                c.disconnect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
