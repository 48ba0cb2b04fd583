package io.zonecam.control.identity;

import static io.restassured.RestAssured.given;
import static io.zonecam.control.support.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * IotRevocationApiTest: with revocation on AWS switched on, deregistering a camera sets each of its certificates
 * INACTIVE in IoT Core by the id the API returned at issuance; when IoT Core fails, nothing is deregistered and the
 * owner gets a 503 to retry. IoT Core is a local HTTP server (no AWS account); the signature itself is checked in
 * {@link IotRevocationTest}.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
@TestProfile(IotRevocationApiTest.OnAws.class)
class IotRevocationApiTest extends ApiTest {

    static final Queue<String> REQUESTS = new ConcurrentLinkedQueue<>();
    static volatile int status = 200;

    /** The control plane configured for AWS, its IoT endpoint the fake below. */
    public static class OnAws implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeIot.class));
        }
    }

    /** A stand-in for the IoT control API: records each request, answers {@link #status}. */
    public static class FakeIot implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                REQUESTS.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + (auth != null && auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                                ? "signed"
                                : "unsigned"));
                byte[] body = (status == 200 ? "{}" : "{\"message\":\"down\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                if (status != 200) {
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", "ServiceUnavailableException");
                }
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            // The SDK's default chains read these (a Lambda has them in its environment).
            System.setProperty("aws.accessKeyId", "AKIDTEST");
            System.setProperty("aws.secretAccessKey", "test-secret");
            System.setProperty("aws.region", "eu-west-1");
            return Map.of(
                    "zonecam.ca.aws-iot.enabled",
                    "true",
                    "zonecam.ca.aws-iot.endpoint",
                    "http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    @Test
    void shouldDeactivateEveryCertificateOnDeregistrationAndChangeNothingWhenIotFails() {
        Fixtures.Org org = Fixtures.organization();
        Fixtures.node(Fixtures.zone(org.region(), 100), "n-" + Fixtures.unique(), 10);
        JsonPath reg = Fixtures.camera(org);
        String id = reg.getString("camera.id");
        String secret = reg.getString("credentials.deviceSecret");
        String first = issue(id, secret);
        String second = issue(id, secret);

        status = 503;
        Fixtures.withKey(org.ownerKey())
                .delete("/v1/cameras/" + id)
                .then()
                .statusCode(503)
                .body("detail", containsString("AWS IoT Core"));
        // Nothing changed: the camera is there and its secret still works.
        Fixtures.withKey(org.ownerKey()).get("/v1/cameras/" + id).then().statusCode(200);
        String third = issue(id, secret);

        status = 200;
        REQUESTS.clear();
        Fixtures.withKey(org.ownerKey()).delete("/v1/cameras/" + id).then().statusCode(204);
        assertThat(REQUESTS)
                .containsExactlyInAnyOrder(
                        "PUT /certificates/" + first + "?newStatus=INACTIVE signed",
                        "PUT /certificates/" + second + "?newStatus=INACTIVE signed",
                        "PUT /certificates/" + third + "?newStatus=INACTIVE signed");
    }

    private static String issue(String cameraId, String secret) {
        return ok(given().auth()
                        .preemptive()
                        .basic(cameraId, secret)
                        .contentType(ContentType.JSON)
                        .body(Map.of("csr", Csrs.pem("CN=" + cameraId, Csrs.p256())))
                        .post("/v1/certificates/camera"))
                .get("certificateId");
    }
}
