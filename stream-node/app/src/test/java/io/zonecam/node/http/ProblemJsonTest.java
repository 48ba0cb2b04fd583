package io.zonecam.node.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.zonecam.node.support.NodeTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every error the node answers is problem+json (RFC 9457), also those of the HTTP layer itself: unknown routes and
 * methods, and requests too large to take (413 body, 414 request target, 431 headers), on both ports.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class ProblemJsonTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void shouldAnswerUnknownRoutesAndMethodsWithProblems() throws Exception {
        given().get("/no/such/route")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().accept("text/html")
                .get("/no/such/route")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().delete("/hls/cameras/cam-1/index.m3u8")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405));
        given().get(new URL(management, "/no/such/route"))
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void shouldAnswerRequestsTooLargeToTakeWithProblems() throws IOException {
        assertProblem(
                raw(
                        RestAssured.port,
                        "GET /hls/cameras/cam-1/index.m3u8?token=" + "a".repeat(5000) + " HTTP/1.1\r\n"
                                + "Host: x\r\nConnection: close\r\n\r\n"),
                414);
        assertProblem(
                raw(
                        RestAssured.port,
                        "GET /hls/cameras/cam-1/index.m3u8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                                + "b".repeat(30_000) + "\r\n\r\n"),
                431);
        // Content-Length alone is refused, before any of the body is read.
        assertProblem(
                raw(
                        RestAssured.port,
                        "POST /whep/cameras/cam-1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                + "Content-Type: application/sdp\r\nContent-Length: 1000000\r\n\r\n"),
                413);
        // A chunked body past the WHEP offer limit fails in the body handler: a problem too.
        String chunk = "c".repeat(40_000);
        assertProblem(
                raw(
                        RestAssured.port,
                        "POST /whep/cameras/cam-1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                + "Content-Type: application/sdp\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n"),
                413);
        assertProblem(
                raw(
                        management.getPort(),
                        "GET /admin/drain?x=" + "a".repeat(5000) + " HTTP/1.1\r\n"
                                + "Host: x\r\nConnection: close\r\n\r\n"),
                414);
    }

    private static void assertProblem(String response, int status) throws IOException {
        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
        JsonNode body = new ObjectMapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("type").asText()).startsWith("https://zonecam.io/problems/");
        assertThat(body.path("detail").asText()).isNotBlank();
    }

    /** Sends {@code request} as written and reads the response until the node closes the connection. */
    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // The node may close without reading what it refused; what came before the reset is the answer.
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
