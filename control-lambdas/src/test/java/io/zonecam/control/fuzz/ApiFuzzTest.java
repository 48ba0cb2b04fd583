package io.zonecam.control.fuzz;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.zonecam.control.fuzz.ApiRequests.Request;
import io.zonecam.control.fuzz.ApiRequests.World;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.TestEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Schema-driven fuzzing of the control plane's HTTP API. Requests come from openapi/zonecam-api.yaml ({@link ApiSpec},
 * {@link ApiRequests}); the control plane runs as in every other test (real PostgreSQL, the Lambda event path).
 *
 * <p>For every answer: never a 5xx; every 4xx is {@code application/problem+json} with a non-blank title and detail
 * and the answer's status; a request the spec says is invalid (validated against the schema, formats included) is
 * never accepted with a 2xx, nor answered 404 when the bad value was in the query or body (that is a 400); a request
 * with changed credentials is never accepted. Findings are grouped by signature (kind, operation, place, change). The
 * test fails on any signature not listed in {@code known-api-violations.txt} (open findings reported to the lead, each
 * with its reason); fixing one means deleting its line.
 *
 * <p>In the normal build it sends {@value #CI_REQUESTS} requests from a fixed seed (a few seconds). {@code scripts/fuzz}
 * runs it longer: {@code -Dfuzzapi.seconds=N} (time budget), {@code -Dfuzzapi.requests=N},
 * {@code -Dfuzzapi.seed=S}, {@code -Dfuzzapi.report=path} (write the summary there too). The properties are not under
 * {@code zonecam.}: the application's config mapping refuses unknown keys there.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class ApiFuzzTest {

    static final int CI_REQUESTS = 400;
    static final long CI_SEED = 11;

    /** One finding signature: how often, and the first request and answer that showed it. */
    private static final class Finding {
        int count;
        String example;
    }

    @Test
    void api() throws IOException {
        long seed = Long.getLong("fuzzapi.seed", CI_SEED);
        long seconds = Long.getLong("fuzzapi.seconds", 0);
        long requests = Long.getLong("fuzzapi.requests", seconds > 0 ? Long.MAX_VALUE : CI_REQUESTS);
        long deadline = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;

        ApiSpec spec = new ApiSpec();
        ApiRequests generator = new ApiRequests(spec, world(), seed);
        Map<String, Finding> findings = new TreeMap<>();
        Map<String, Integer> statuses = new TreeMap<>();
        Set<String> operationStatus = new java.util.TreeSet<>();
        Map<String, Set<String>> undeclared = new TreeMap<>();
        long sent = 0;
        java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
        long started = System.nanoTime();
        while (sent < requests && System.nanoTime() < deadline) {
            Request r = generator.next();
            Response response;
            try {
                response = send(r);
            } catch (NoAnswer e) {
                Finding f = findings.computeIfAbsent("no-answer " + r.where(), k -> new Finding());
                f.count++;
                f.example = e.getMessage() + "; the requests before it: " + String.join(" | ", recent);
                break; // the control plane no longer answers: the rest would only time out
            }
            recent.addLast(r.method() + " " + abbreviate(r.url()) + " (" + r.where() + ")");
            if (recent.size() > 3) {
                recent.removeFirst();
            }
            sent++;
            if (response == null) {
                statuses.merge("closed", 1, Integer::sum);
                continue;
            }
            int status = response.statusCode();
            statuses.merge(Integer.toString(status), 1, Integer::sum);
            operationStatus.add(r.op().operationId() + " " + status);
            if (!r.op().statuses().contains(Integer.toString(status))) {
                undeclared
                        .computeIfAbsent(r.op().operationId(), k -> new java.util.TreeSet<>())
                        .add(Integer.toString(status));
            }
            for (String kind : judge(r, response)) {
                Finding f = findings.computeIfAbsent(kind + " " + r.where(), k -> new Finding());
                if (f.count++ == 0) {
                    f.example = describe(r, response);
                }
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;

        Map<String, String> known = known();
        Set<String> fresh = new LinkedHashSet<>();
        StringBuilder report = new StringBuilder();
        report.append(String.format(
                "API fuzz: %d requests in %.1f s (%.0f/s), seed %d, %d operations; statuses %s%n",
                sent, elapsed, sent / elapsed, seed, spec.operations().size(), statuses));
        report.append("operation/status pairs seen: ")
                .append(operationStatus.size())
                .append('\n');
        undeclared.forEach((op, s) -> report.append("  undeclared statuses (informational) ")
                .append(op)
                .append(": ")
                .append(s)
                .append('\n'));
        for (Map.Entry<String, Finding> e : findings.entrySet()) {
            boolean isKnown = known.containsKey(e.getKey());
            if (!isKnown) {
                fresh.add(e.getKey());
            }
            report.append(isKnown ? "  known " : "  NEW   ")
                    .append(e.getKey())
                    .append(" ×")
                    .append(e.getValue().count)
                    .append('\n');
            if (!isKnown) {
                report.append("        ").append(e.getValue().example).append('\n');
            }
        }
        String text = report.toString();
        System.out.println(text);
        String reportPath = System.getProperty("fuzzapi.report");
        if (reportPath != null) {
            Files.writeString(Path.of(reportPath), text);
        }
        if (!fresh.isEmpty()) {
            throw new AssertionError(fresh.size() + " API fuzz finding(s) not in known-api-violations.txt:\n" + text);
        }
    }

    /** The kinds of violation this answer shows (empty when it is fine). */
    private static Set<String> judge(Request r, Response response) {
        Set<String> kinds = new LinkedHashSet<>();
        int status = response.statusCode();
        if (status >= 500) {
            kinds.add("5xx:" + status);
        }
        if (status >= 400 && status < 500) {
            String type = response.contentType() == null ? "" : response.contentType();
            if (!type.startsWith("application/problem+json")) {
                kinds.add("not-problem-json:" + status);
            } else {
                try {
                    JsonNode p = ApiSpec.JSON.readTree(response.asString());
                    if (p.path("title").asText("").isBlank()) {
                        kinds.add("problem-without-title:" + status);
                    }
                    if (p.path("detail").asText("").isBlank()) {
                        kinds.add("problem-without-detail:" + status);
                    }
                    if (p.path("status").asInt() != status) {
                        kinds.add("problem-status-mismatch:" + status);
                    }
                } catch (IOException e) {
                    kinds.add("problem-not-json:" + status);
                }
            }
        }
        if (r.specInvalid() && status >= 200 && status < 300) {
            kinds.add("accepted-invalid:" + status);
        }
        if (r.specInvalid()
                && status == 404
                && (r.location().startsWith("query.") || r.location().startsWith("body"))) {
            kinds.add("invalid-answered-404");
        }
        if (r.credentialsChanged() && status >= 200 && status < 300) {
            kinds.add("accepted-without-credentials:" + status);
        }
        return kinds;
    }

    /**
     * Sends the request; null when the server closed the connection while an oversized request was still being
     * written (it may answer 413/431 before reading it all, and the client then sees a broken pipe, not the answer).
     */
    private static Response send(Request r) {
        RequestSpecification s = client();
        r.headers().forEach(s::header);
        if (r.body() != null) {
            s.body(r.body().getBytes(StandardCharsets.UTF_8));
        }
        try {
            return s.request(r.method().toUpperCase(java.util.Locale.ROOT), r.url());
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.SocketException && size(r) > 16_384) {
                    return null;
                }
            }
            String body = r.body() == null ? "" : " body " + abbreviate(r.body());
            throw new NoAnswer("no answer to " + r.method() + " " + abbreviate(r.url()) + body + ": " + e);
        }
    }

    /** The control plane did not answer (timeout or connection failure) a request of normal size. */
    private static final class NoAnswer extends RuntimeException {
        NoAnswer(String message) {
            super(message);
        }
    }

    /**
     * Each request is sent once (the HTTP client's automatic retries would resend a request the server cut off) and
     * waits at most 15 s for its answer.
     */
    private static RequestSpecification client() {
        return given().noFilters()
                .urlEncodingEnabled(false)
                .config(io.restassured.config.RestAssuredConfig.config()
                        .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                                .setParam("http.socket.timeout", 15_000)
                                .setParam("http.connection.timeout", 5_000)
                                .httpClientFactory(() -> {
                                    var c = new org.apache.http.impl.client.DefaultHttpClient();
                                    c.setHttpRequestRetryHandler(
                                            new org.apache.http.impl.client.DefaultHttpRequestRetryHandler(0, false));
                                    return c;
                                })));
    }

    private static int size(Request r) {
        int n = r.body() == null ? 0 : r.body().length();
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            n += h.getKey().length() + h.getValue().length();
        }
        return n;
    }

    private static String describe(Request r, Response response) {
        String body = r.body() == null ? "" : " body " + abbreviate(r.body());
        return r.method().toUpperCase(java.util.Locale.ROOT) + " " + abbreviate(r.url()) + body + " → "
                + response.statusCode() + " " + response.contentType() + " " + abbreviate(response.asString());
    }

    private static String abbreviate(String s) {
        String clean = s.replace("\u0000", "\\0").replace("\n", "\\n").replace("\r", "\\r");
        return clean.length() > 160 ? clean.substring(0, 160) + "…(" + clean.length() + " chars)" : clean;
    }

    /** The world: an organization with its owner key, a zone with a node, a claimed camera, an operator. */
    private static World world() {
        Fixtures.Org org = Fixtures.organization();
        Fixtures.TestZone zone = Fixtures.zone(org.region(), 1000);
        String node = Fixtures.node(zone, "fz-" + Fixtures.unique(), 100);
        JsonPath camera = Fixtures.camera(org);
        return new World(
                org.id(),
                org.ownerKey(),
                Fixtures.operatorToken(),
                zone.id(),
                zone.nodeKey(),
                node,
                camera.getString("camera.id"),
                camera.getString("credentials.deviceSecret"));
    }

    /** Open findings: "signature  # why" per line, from known-api-violations.txt next to this class. */
    private static Map<String, String> known() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = ApiFuzzTest.class.getResourceAsStream("known-api-violations.txt")) {
            if (in == null) {
                return known;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                int hash = line.indexOf('#');
                String sig = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (!sig.isEmpty()) {
                    known.put(sig, hash < 0 ? "" : line.substring(hash + 1).strip());
                }
            }
        }
        return known;
    }
}
