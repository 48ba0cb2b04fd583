package io.zonecam.sim.testing;

import io.zonecam.contracts.bus.ClientTls;
import io.zonecam.sdk.model.SignedCertificate;
import io.zonecam.sim.bus.DeviceCertificates;
import io.zonecam.testing.mqtt.PemFiles;
import io.zonecam.testing.mqtt.TestCa;
import io.zonecam.testing.mqtt.TlsMosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManager;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * TestBus is the device bus as the platform runs it, for the simulator's tests: a certificate authority run by
 * openssl standing in for the control plane's ({@link TestCa}) and a real Mosquitto with the shipped TLS and ACL
 * configuration ({@link TlsMosquitto}, zone {@value #ZONE}). {@link #issuer} signs a camera's CSR the way
 * {@code POST /v1/certificates/camera} does; {@link #node} connects as the zone's stream nodes do.
 */
public final class TestBus implements AutoCloseable {

    public static final String ZONE = "z1";

    public final TestCa ca;
    public final TlsMosquitto broker;
    private final AtomicInteger signed = new AtomicInteger();

    private TestBus(TestCa ca, TlsMosquitto broker) {
        this.ca = ca;
        this.broker = broker;
    }

    public static TestBus start() throws IOException {
        Path dir = Files.createTempDirectory("camera-sim-bus");
        TestCa ca = TestCa.generate(dir.resolve("ca"), "camera-sim test platform CA");
        return new TestBus(ca, TlsMosquitto.start(dir.resolve("broker"), ca, ZONE));
    }

    /** {@code ssl://localhost:<port>}: the host name the broker's certificate names. */
    public String uri() {
        return "ssl://" + broker.host() + ":" + broker.port();
    }

    public TrustManager[] trust() throws IOException {
        return ClientTls.trust(broker.caFile());
    }

    /** Signs CSRs as the control plane would (client certificate, the CSR's subject), valid for {@code life}. */
    public DeviceCertificates.Issuer issuer(Duration life) {
        return csr -> {
            Instant now = Instant.now();
            String pem =
                    ca.sign("device-" + signed.incrementAndGet(), csr, "client", now.minusSeconds(60), now.plus(life));
            return new SignedCertificate().certificate(pem).caCertificate(Files.readString(ca.certificate()));
        };
    }

    /** How many CSRs {@link #issuer} signed. */
    public int signed() {
        return signed.get();
    }

    /** A connected client with a certificate for {@code subject}, e.g. {@code /CN=node.z1} or {@code /CN=cam-a}. */
    public MqttClient client(String name, String subject) throws IOException, MqttException {
        TestCa.Issued issued = ca.issueClient(name, subject);
        MqttClient c = new MqttClient(uri(), name + "-" + signed.incrementAndGet(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout(10);
        try {
            o.setSocketFactory(ClientTls.context(
                            PemFiles.privateKey(issued.key()),
                            new X509Certificate[] {PemFiles.certificate(issued.certificate())},
                            PemFiles.certificate(broker.caFile()))
                    .getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        c.connect(o);
        return c;
    }

    /** A stream node of {@link #ZONE}: sends commands, reads states. */
    public MqttClient node() throws IOException, MqttException {
        return client("node", "/O=zonecam-nodes/OU=" + ZONE + "/CN=node." + ZONE);
    }

    @Override
    public void close() {
        broker.close();
    }
}
