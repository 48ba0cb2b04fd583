package io.zonecam.node.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.identity.NodeIdentity;
import io.zonecam.testing.mqtt.PemFiles;
import io.zonecam.testing.mqtt.TestCa;
import io.zonecam.testing.mqtt.TlsMosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BusTlsTest connects the node's MQTT client, with exactly the options {@link BusTls} gives the SmallRye channels, to
 * a real Mosquitto with the shipped TLS configuration: no certificate, a foreign CA's and a revoked one are refused;
 * the platform CA's is accepted; and a certificate installed later (a renewal) is presented by the next connection
 * made with the same options object, as the connector's reconnects do.
 */
class BusTlsTest {

    private static final String ZONE = "zone-a";

    @TempDir
    static Path dir;

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldPresentOnlyTheCurrentPlatformCertificateAndUseARenewedOneOnTheNextConnection() throws Exception {
        TestCa ca = TestCa.generate(dir.resolve("ca"), "Platform CA");
        TestCa foreign = TestCa.generate(dir.resolve("foreign"), "Someone else's CA");
        String subject = "/O=zonecam-nodes/OU=" + ZONE + "/CN=node." + ZONE;
        try (TlsMosquitto broker = TlsMosquitto.start(dir.resolve("broker"), ca, ZONE)) {
            Path keyFile = dir.resolve("identity/node-key.pem");
            Path certFile = dir.resolve("identity/node-cert.pem");
            NodeIdentity identity = new NodeIdentity(keyFile, certFile);
            BusTls tls = new BusTls(mqtt(broker), ZONE, identity);
            MqttClientSessionOptions options = new MqttClientSessionOptions();
            options.setHostname(broker.host());
            options.setPort(broker.port());
            options.setSsl(true);
            options = tls.customize("camera-commands", null, options);

            assertThat(options.getClientId()).startsWith("node." + ZONE + "-").endsWith("-commands");
            assertThat(options.getServerName()).contains("localhost");
            assertThat(identity.certificate()).isEmpty();
            assertRefused(options, "no certificate yet");

            install(identity, foreign, foreign.issueClient("stranger", subject));
            assertRefused(options, "a foreign CA's certificate");

            TestCa.Issued first = ca.issueClient("first", subject);
            install(identity, ca, first);
            connect(options);
            assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            ca.revoke(first);
            broker.crl(ca.crl());
            assertRefused(options, "the revoked certificate");

            TestCa.Issued renewed = ca.issueClient("renewed", subject);
            install(identity, ca, renewed);
            connect(options);
            assertThat(Files.readString(certFile))
                    .startsWith(renewed.certificatePem().strip());
            // What a restarted node loads from its files is the renewed identity.
            assertThat(new NodeIdentity(keyFile, certFile).certificate())
                    .contains(PemFiles.certificate(renewed.certificate()));
        }
    }

    private static void install(NodeIdentity identity, TestCa ca, TestCa.Issued issued) throws Exception {
        KeyPair key = new KeyPair(
                PemFiles.certificate(issued.certificate()).getPublicKey(), PemFiles.privateKey(issued.key()));
        identity.install(key, issued.certificatePem(), Files.readString(ca.certificate()));
    }

    private static void connect(MqttClientSessionOptions options) throws Exception {
        MqttClient client = MqttClient.create(vertx, options);
        // As the connector's session connects: with the server name, so Vert.x takes its SNI path.
        client.connect(
                        options.getPort(),
                        options.getHostname(),
                        options.getServerName().orElseThrow())
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(client.isConnected()).isTrue();
        client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertRefused(MqttClientSessionOptions options, String what) {
        assertThatThrownBy(() -> connect(options)).as(what).isInstanceOf(ExecutionException.class);
    }

    private static NodeConfig.Mqtt mqtt(TlsMosquitto broker) {
        return new NodeConfig.Mqtt() {
            @Override
            public String host() {
                return broker.host();
            }

            @Override
            public int port() {
                return broker.port();
            }

            @Override
            public boolean tls() {
                return true;
            }

            @Override
            public Optional<String> clientPrefix() {
                return Optional.empty();
            }

            @Override
            public Path keyFile() {
                return dir.resolve("identity/node-key.pem");
            }

            @Override
            public Path certFile() {
                return dir.resolve("identity/node-cert.pem");
            }

            @Override
            public Optional<Path> caFile() {
                return Optional.of(broker.caFile());
            }

            @Override
            public Optional<String> serverName() {
                return Optional.empty();
            }
        };
    }
}
