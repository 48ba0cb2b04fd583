package io.zonecam.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zonecam.contracts.bus.ClientTls;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.sdk.ApiException;
import io.zonecam.sim.bus.DeviceCertificates;
import io.zonecam.sim.bus.DeviceIdentity;
import io.zonecam.sim.camera.CameraFleet;
import io.zonecam.sim.camera.SimConfig;
import io.zonecam.sim.camera.SimulatedCamera;
import io.zonecam.sim.control.CameraCredentials;
import io.zonecam.sim.control.ControlPlane;
import io.zonecam.sim.control.ControlPlaneTargets;
import io.zonecam.sim.publish.PublishTarget;
import io.zonecam.sim.testing.AllowGoodTokens;
import io.zonecam.sim.testing.LeakCheck;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.sim.testing.TestNode;
import io.zonecam.testing.Await;
import io.zonecam.testing.mqtt.TestCa;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registration and device tokens through the generated SDK, against a stand-in control plane that serves the four
 * endpoints of the OpenAPI contract the simulator uses and checks each request's credential: provisioning with the
 * operator bearer token, claiming with the owner API key, tokens and device-bus certificates (a CSR signed by a real
 * openssl CA) with HTTP Basic cameraId:deviceSecret. (The real
 * control plane is exercised by the end-to-end tests; this one lets the test make tokens expire in seconds and move a
 * camera's node.)
 */
@ExtendWith(LeakCheck.class)
class ControlPlaneRegistrationTest {

    private HttpServer http;
    private TestCa ca;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicReference<TestNode> assigned = new AtomicReference<>();

    @BeforeEach
    void startControlPlane() throws IOException {
        ca = TestCa.generate(Files.createTempDirectory("camera-sim-ca"), "stand-in platform CA");
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/v1/devices/token", this::token);
        http.createContext("/v1/devices", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = "Bearer op-token".equals(ex.getRequestHeaders().getFirst("Authorization"));
            calls.add("provision " + ok);
            reply(ex, ok ? 200 : 401, "{\"added\":" + (body.split("\"serial\"").length - 1) + ",\"existing\":0}");
        });
        http.createContext("/v1/cameras", this::claim);
        http.createContext("/v1/certificates/camera", this::certificate);
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private void claim(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!"zk_owner".equals(ex.getRequestHeaders().getFirst("X-Api-Key"))) {
            reply(ex, 401, "{}");
            return;
        }
        String serial = body.replaceAll(".*\"serial\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String claim = body.replaceAll(".*\"claimCode\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        calls.add("claim " + serial + " " + claim.equals(ControlPlane.claimCodeFor(serial)));
        String id =
                UUID.nameUUIDFromBytes(serial.getBytes(StandardCharsets.UTF_8)).toString();
        String secret = "secret-" + UUID.randomUUID();
        secrets.put(id, secret);
        String now = Instant.now().toString();
        reply(
                ex,
                201,
                "{\"camera\":{\"id\":\"" + id + "\",\"organizationId\":\"" + UUID.randomUUID()
                        + "\",\"serial\":\"" + serial
                        + "\",\"name\":\"n\",\"retentionDays\":30,\"status\":\"registered\","
                        + "\"createdAt\":\"" + now + "\",\"updatedAt\":\"" + now
                        + "\"},\"credentials\":{\"cameraId\":\"" + id
                        + "\",\"deviceSecret\":\"" + secret + "\"},\"mqtt\":{\"clientId\":\"" + id
                        + "\",\"commandTopic\":\"c\",\"stateTopic\":\"s\"}}");
    }

    private void token(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String[] user = auth == null
                ? new String[0]
                : new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
        if (user.length != 2 || !user[1].equals(secrets.get(user[0]))) {
            calls.add("token refused");
            reply(ex, 401, "{}");
            return;
        }
        calls.add("token " + user[0]);
        TestNode node = assigned.get();
        String url = node.target(user[0]).url().toString(); // carries ?token=good-<id>
        reply(
                ex,
                200,
                "{\"cameraId\":\"" + user[0] + "\",\"token\":\"" + AllowGoodTokens.tokenFor(user[0])
                        + "\",\"expiresAt\":\"" + Instant.now().plusSeconds(3) + "\",\"zone\":\"z1\",\"nodeId\":\""
                        + UUID.nameUUIDFromBytes(url.getBytes(StandardCharsets.UTF_8)) + "\",\"rtspUrl\":\"" + url
                        + "\",\"rtmpUrl\":\"" + url.replace("rtsp:", "rtmp:") + "\"}");
    }

    /** Signs the CSR with a real CA (openssl) for a camera whose device credentials are right, like the API. */
    private void certificate(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String[] user = auth == null
                ? new String[0]
                : new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (user.length != 2 || !user[1].equals(secrets.get(user[0]))) {
            calls.add("certificate refused");
            reply(ex, 401, "{}");
            return;
        }
        String csr =
                body.replaceAll("(?s).*\"csr\"\\s*:\\s*\"([^\"]+)\".*", "$1").replace("\\n", "\n");
        calls.add("certificate " + user[0]);
        Instant now = Instant.now();
        Instant notAfter = now.plus(Duration.ofDays(7));
        String pem = ca.sign("cam-" + calls.size(), csr, "client", now, notAfter);
        reply(
                ex,
                200,
                "{\"serial\":\"01\",\"certificateId\":\"" + "0".repeat(64) + "\",\"subject\":\"CN=" + user[0]
                        + "\",\"notBefore\":\"" + now + "\",\"notAfter\":\"" + notAfter + "\",\"certificate\":\""
                        + json(pem) + "\",\"caCertificate\":\"" + json(Files.readString(ca.certificate())) + "\"}");
    }

    private static String json(String pem) {
        return pem.replace("\n", "\\n");
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void registeredCameraGetsItsDeviceBusCertificateWithItsDeviceCredentials() throws Exception {
        ControlPlane cp = new ControlPlane(
                URI.create("http://127.0.0.1:" + http.getAddress().getPort()), "zk_owner", "op-token");
        cp.provision(List.of("SIM-000002"));
        CameraCredentials creds = cp.claim("SIM-000002", "gate");
        try (DeviceCertificates certificates = new DeviceCertificates(ClientTls.trust(ca.certificate()), 1)) {
            DeviceIdentity identity = certificates
                    .obtain(creds.cameraId(), csr -> cp.cameraCertificate(creds, csr))
                    .get(30, TimeUnit.SECONDS);
            assertThat(identity.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(6)));
            assertThat(calls).contains("certificate " + creds.cameraId()).doesNotContain("certificate refused");
            // The wrong secret is refused by the stand-in, as by the API: the SDK call fails.
            CameraCredentials wrong = new CameraCredentials(creds.cameraId(), "not-the-secret");
            assertThatThrownBy(() -> cp.cameraCertificate(wrong, identity.csr()))
                    .isInstanceOf(ApiException.class);
        }
    }

    @Test
    void registeredCameraPublishesRenewsItsTokenAndFindsItsNewNodeAfterACrash() throws Exception {
        ControlPlane cp = new ControlPlane(
                URI.create("http://127.0.0.1:" + http.getAddress().getPort()), "zk_owner", "op-token");
        assertThat(cp.provision(List.of("SIM-000001"))).isEqualTo(1);
        CameraCredentials creds = cp.claim("SIM-000001", "dock");
        assertThat(calls).contains("provision true", "claim SIM-000001 true");

        try (TestNode a = TestNode.start(IngestProtocol.RTSP);
                TestNode b = TestNode.start(IngestProtocol.RTSP);
                ControlPlaneTargets targets = new ControlPlaneTargets(cp, IngestProtocol.RTSP, 2);
                CameraFleet fleet = new CameraFleet(
                        TestClips.load(TestClips.MAIN),
                        SimConfig.defaults().withReconnect(Duration.ofMillis(100), Duration.ofMillis(300)))) {
            assigned.set(a);
            PublishTarget first = targets.add(creds).get(10, TimeUnit.SECONDS);
            assertThat(first.label()).startsWith("node ").doesNotContain("token=");
            SimulatedCamera cam = fleet.camera(creds.cameraId(), targets);
            cam.start(first).get(10, TimeUnit.SECONDS);
            Await.until("a renewal before expiry", Duration.ofSeconds(10), () -> targets.renewals() >= 1);

            // Node A dies; the control plane now assigns B; the camera's reconnect asks for a fresh token.
            assigned.set(b);
            a.close();
            Await.until(
                    "publishing on B",
                    Duration.ofSeconds(15),
                    () -> !b.sink.of(creds.cameraId()).isEmpty()
                            && b.sink.of(creds.cameraId()).get(0).counters().size() >= 10);
            cam.stop().get(10, TimeUnit.SECONDS);
            List<Long> onA = a.sink.of(creds.cameraId()).get(0).counters();
            List<Long> onB = b.sink.of(creds.cameraId()).get(0).counters();
            assertThat(onB.get(0)).isGreaterThan(onA.get(onA.size() - 1));
            assertThat(cam.stats().reconnects()).isEqualTo(1);
            assertThat(calls).doesNotContain("token refused");
        }
    }
}
