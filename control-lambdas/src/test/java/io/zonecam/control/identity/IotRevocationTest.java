package io.zonecam.control.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * IotRevocationTest checks revocation on AWS at the request level (no AWS account here): the real SDK client talks to
 * a local HTTP server that checks the method, path, query and (empty) body of {@code UpdateCertificate}, and
 * recomputes the SigV4 signature with its own implementation of the algorithm from the request it received.
 */
class IotRevocationTest {

    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), "
                    + "Signature=([0-9a-f]{64})");

    private HttpServer server;
    private final Queue<String> seen = new ConcurrentLinkedQueue<>();
    private volatile int status = 200;
    private volatile String errorType;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String verdict;
        try {
            verdict = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " body=" + body.length
                    + " signature=" + (signatureValid(exchange, body) ? "valid" : "INVALID");
        } catch (Exception e) {
            verdict = "unreadable: " + e;
        }
        seen.add(verdict);
        byte[] answer = (status == 200 ? "{}" : "{\"message\":\"no\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    /** SigV4 (AWS General Reference, "Create a signed AWS API request") recomputed from the request as received. */
    private static boolean signatureValid(HttpExchange exchange, byte[] body) throws Exception {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher m = AUTHORIZATION.matcher(authorization == null ? "" : authorization);
        if (!m.matches()
                || !m.group(1).equals(KEY_ID)
                || !m.group(3).equals("eu-west-1")
                || !m.group(4).equals("iot")) {
            return false;
        }
        String date = m.group(2);
        List<String> signed = Arrays.asList(m.group(5).split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-date")) {
            return false;
        }
        String canonicalHeaders = signed.stream()
                .map(h -> h + ":"
                        + exchange.getRequestHeaders().get(h).stream()
                                .map(String::trim)
                                .collect(Collectors.joining(","))
                        + "\n")
                .collect(Collectors.joining());
        URI uri = exchange.getRequestURI();
        String canonicalQuery = uri.getRawQuery() == null
                ? ""
                : Arrays.stream(uri.getRawQuery().split("&")).sorted().collect(Collectors.joining("&"));
        String canonicalRequest = String.join(
                "\n",
                exchange.getRequestMethod(),
                uri.getRawPath(),
                canonicalQuery,
                canonicalHeaders,
                m.group(5),
                hex(sha256(body)));
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        String scope = date + "/eu-west-1/iot/aws4_request";
        String toSign = String.join(
                "\n",
                "AWS4-HMAC-SHA256",
                amzDate,
                scope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, "eu-west-1");
        key = hmac(key, "iot");
        key = hmac(key, "aws4_request");
        return hex(hmac(key, toSign)).equals(m.group(6));
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }

    private IotRevocation revocation(String secret) {
        return new IotRevocation(IotClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, secret)))
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .build());
    }

    @Test
    void shouldSetEachCertificateInactiveWithASignedPut() {
        String first = "a".repeat(64);
        String second = "0123456789abcdef".repeat(4);
        revocation(SECRET).deactivate(List.of(first, second));
        assertThat(seen)
                .containsExactly(
                        "PUT /certificates/" + first + "?newStatus=INACTIVE body=0 signature=valid",
                        "PUT /certificates/" + second + "?newStatus=INACTIVE body=0 signature=valid");
    }

    @Test
    void shouldBeCheckedByTheServerSoAWrongKeyShowsAsInvalid() {
        // The checker is not a rubber stamp: a request signed with another secret fails it.
        revocation("another-secret").deactivate(List.of("b".repeat(64)));
        assertThat(seen).singleElement().asString().endsWith("signature=INVALID");
    }

    @Test
    void shouldSkipCertificatesIotNeverRegisteredAndFailOnOtherErrors() {
        status = 404;
        errorType = "ResourceNotFoundException";
        revocation(SECRET).deactivate(List.of("c".repeat(64)));
        assertThat(seen).hasSize(1);

        status = 503;
        errorType = "ServiceUnavailableException";
        assertThatThrownBy(() -> revocation(SECRET).deactivate(List.of("d".repeat(64))))
                .isInstanceOf(software.amazon.awssdk.core.exception.SdkException.class);
    }

    @Test
    void shouldCallNothingWhenNotOnAws() {
        IotRevocation off = new IotRevocation((IotClient) null);
        assertThat(off.enabled()).isFalse();
        off.deactivate(List.of("e".repeat(64)));
        assertThat(seen).isEmpty();
    }
}
