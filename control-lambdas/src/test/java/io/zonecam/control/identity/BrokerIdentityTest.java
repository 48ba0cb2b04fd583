package io.zonecam.control.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.contracts.bus.ClientIdentityKeyManager;
import io.zonecam.contracts.bus.ClientTls;
import io.zonecam.contracts.bus.Topics;
import io.zonecam.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BrokerIdentityTest runs a real Mosquitto with the device-bus configuration of {@code scripts/mosquitto} (TLS,
 * {@code require_certificate}, identity from the certificate, CRL, ACL) on a free port, with certificates from a
 * {@link CertificateAuthority}, and shows what the IoT policy promises: a camera reaches only its own topics, a node
 * reaches commands and states, and expired, revoked, foreign-CA and certificate-less clients are refused at connect.
 */
class BrokerIdentityTest {

    private static final String ZONE = "zone-a";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static CertificateAuthority ca;
    private static Process broker;
    private static int port;

    @BeforeAll
    static void startBroker() throws Exception {
        ca = CertificateAuthority.generate("Test platform CA", Duration.ofDays(1));
        Instant now = Instant.now();
        KeyPair serverKey = CertificateAuthority.newKeyPair();
        X509Certificate server = ca.issueServer(
                new X500Name("CN=localhost"),
                serverKey.getPublic(),
                now.minusSeconds(60),
                now.plus(Duration.ofDays(1)),
                List.of("localhost", "127.0.0.1"));
        Csrs.write(dir, "ca.pem", CertificateAuthority.pem(ca.certificate()));
        Csrs.write(dir, "server.pem", CertificateAuthority.pem(server));
        Csrs.write(dir, "server.key", CertificateAuthority.pem(serverKey.getPrivate()));
        revoked = Identity.camera(ca, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        Csrs.write(
                dir,
                "crl.pem",
                CertificateAuthority.pem(ca.crl(
                        List.of(new CertificateAuthority.Revoked(
                                revoked.certificate().getSerialNumber(), now.minusSeconds(1))),
                        now.minusSeconds(1),
                        now.plus(Duration.ofDays(1)))));

        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process render = new ProcessBuilder(
                        "bash", "../scripts/mosquitto/render", dir.toString(), Integer.toString(port), ZONE)
                .redirectErrorStream(true)
                .start();
        String out = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(render.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(render.exitValue()).as(out).isZero();
        broker = new ProcessBuilder(
                        "mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        try {
            Await.until("mosquitto listening on " + port, WAIT, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError notListening) {
            throw new AssertionError(
                    notListening.getMessage() + "; mosquitto said: "
                            + java.nio.file.Files.readString(dir.resolve("mosquitto.log")),
                    notListening);
        }
    }

    private static Identity revoked;

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A key and the certificate naming it. */
    record Identity(String name, KeyPair key, X509Certificate certificate, X509Certificate issuer) {

        static Identity camera(CertificateAuthority ca, Instant notBefore, Instant notAfter) throws Exception {
            String id = UUID.randomUUID().toString();
            KeyPair key = CertificateAuthority.newKeyPair();
            X509Certificate cert = ca.issue(
                    new X500Name("O=" + UUID.randomUUID() + ",OU=" + ZONE + ",CN=" + id),
                    key.getPublic(),
                    notBefore,
                    notAfter);
            return new Identity(id, key, cert, ca.certificate());
        }

        static Identity node(CertificateAuthority ca) throws Exception {
            KeyPair key = CertificateAuthority.newKeyPair();
            Instant now = Instant.now();
            X509Certificate cert = ca.issue(
                    new X500Name("O=zonecam-nodes,OU=" + ZONE + ",SERIALNUMBER=" + UUID.randomUUID() + ",CN="
                            + CertificateService.nodeCommonName(ZONE)),
                    key.getPublic(),
                    now.minusSeconds(60),
                    now.plus(Duration.ofDays(1)));
            return new Identity("node-" + UUID.randomUUID(), key, cert, ca.certificate());
        }

        static Identity camera(CertificateAuthority ca) throws Exception {
            Instant now = Instant.now();
            return camera(ca, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        }
    }

    /** An MQTT client connected over TLS with {@code identity}'s certificate, trusting the test CA. */
    private static MqttClient connect(Identity identity, Queue<String> received) throws Exception {
        // ClientTls presents the certificate whatever the broker asks for: the JDK's key manager would leave out an
        // expired or foreign one on its own, and the test would then prove nothing about the broker.
        SSLContext tls = ClientTls.context(
                identity.key().getPrivate(),
                new X509Certificate[] {identity.certificate(), identity.issuer()},
                ca.certificate());

        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(tls.getSocketFactory());
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        options.setAutomaticReconnect(false);
        MqttClient client = new MqttClient("ssl://localhost:" + port, identity.name(), new MemoryPersistence());
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}
        });
        client.connect(options);
        return client;
    }

    private static void publish(MqttClient client, String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Test
    void shouldLetACameraUseOnlyItsOwnTopicsAndANodeReachCommandsStatesAndEvents() throws Exception {
        Identity cameraA = Identity.camera(ca);
        Identity cameraB = Identity.camera(ca);
        Queue<String> atA = new ConcurrentLinkedQueue<>();
        Queue<String> atB = new ConcurrentLinkedQueue<>();
        Queue<String> atNode = new ConcurrentLinkedQueue<>();
        MqttClient node = connect(Identity.node(ca), atNode);
        MqttClient a = connect(cameraA, atA);
        MqttClient b = connect(cameraB, atB);
        try {
            node.subscribe(Topics.allStates(), 1);
            node.subscribe(Topics.allEvents(), 1);
            a.subscribe(Topics.commands(cameraA.name()), 1);
            b.subscribe(Topics.commands(cameraB.name()), 1);
            // A tries to listen to B's commands and to every camera's: the broker refuses or delivers nothing.
            trySubscribe(a, Topics.commands(cameraB.name()));
            trySubscribe(a, "zonecam/v1/cameras/+/commands");
            trySubscribe(a, Topics.allStates());
            trySubscribe(a, Topics.allEvents());

            // A forges B's state and event and a command to itself, then reports its own event and state.
            publish(a, Topics.state(cameraB.name()), "forged-state");
            publish(a, Topics.events(cameraB.name()), "forged-motion");
            publish(a, Topics.commands(cameraA.name()), "forged-command");
            publish(a, Topics.events(cameraA.name()), "a-motion");
            publish(a, Topics.state(cameraA.name()), "a-online");
            Await.until(
                    "the node sees A's state", WAIT, () -> atNode.contains(Topics.state(cameraA.name()) + " a-online"));

            // The node commands B, then A: each camera receives its own command only.
            publish(node, Topics.commands(cameraB.name()), "move-b");
            publish(node, Topics.commands(cameraA.name()), "move-a");
            Await.until(
                    "A receives its command", WAIT, () -> atA.contains(Topics.commands(cameraA.name()) + " move-a"));
            Await.until(
                    "B receives its command", WAIT, () -> atB.contains(Topics.commands(cameraB.name()) + " move-b"));
            // B reports too, so the node has seen everything it will see from before.
            publish(b, Topics.state(cameraB.name()), "b-online");
            Await.until(
                    "the node sees B's state", WAIT, () -> atNode.contains(Topics.state(cameraB.name()) + " b-online"));

            assertThat(atA).containsExactly(Topics.commands(cameraA.name()) + " move-a");
            assertThat(atB).containsExactly(Topics.commands(cameraB.name()) + " move-b");
            assertThat(atNode)
                    .containsExactlyInAnyOrder(
                            Topics.events(cameraA.name()) + " a-motion",
                            Topics.state(cameraA.name()) + " a-online",
                            Topics.state(cameraB.name()) + " b-online");
        } finally {
            for (MqttClient c : List.of(a, b, node)) {
                c.disconnect();
                c.close();
            }
        }
    }

    /** Subscribes, accepting either answer the broker may give to a forbidden filter: a refusal or silence. */
    private static void trySubscribe(MqttClient client, String filter) {
        try {
            client.subscribe(filter, 1);
        } catch (MqttException refused) {
            assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
        }
    }

    @Test
    void shouldRefuseExpiredRevokedForeignAndMissingCertificatesAtConnect() throws Exception {
        Instant now = Instant.now();
        Identity expired = Identity.camera(ca, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        CertificateAuthority foreign = CertificateAuthority.generate("Someone else's CA", Duration.ofDays(1));
        Identity stranger = Identity.camera(foreign);

        for (Identity refused : List.of(expired, revoked, stranger)) {
            assertThatThrownBy(() -> connect(refused, new ConcurrentLinkedQueue<>()))
                    .as(refused.certificate().getSubjectX500Principal().getName())
                    .isInstanceOf(MqttException.class);
        }
        // No certificate at all, TLS only.
        assertThatThrownBy(() -> {
                    MqttConnectOptions options = new MqttConnectOptions();
                    SSLContext tls =
                            ClientTls.context(new ClientIdentityKeyManager("none"), ClientTls.trust(ca.certificate()));
                    options.setSocketFactory(tls.getSocketFactory());
                    options.setConnectionTimeout(5);
                    new MqttClient("ssl://localhost:" + port, "anonymous", new MemoryPersistence()).connect(options);
                })
                .isInstanceOf(MqttException.class);
        // And a valid camera still connects, so the refusals above are about the certificates.
        MqttClient ok = connect(Identity.camera(ca), new ConcurrentLinkedQueue<>());
        assertThat(ok.isConnected()).isTrue();
        ok.disconnect();
        ok.close();
    }
}
