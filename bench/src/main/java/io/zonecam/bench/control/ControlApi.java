package io.zonecam.bench.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * ControlApi is the load generators' client of a running control plane: blocking set-up calls that must answer an
 * expected status, and the operator token from the development issuer.
 */
final class ControlApi {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            // Daemon threads: the load generator exits once its report is printed.
            .executor(java.util.concurrent.Executors.newFixedThreadPool(
                    4, Thread.ofPlatform().daemon().name("control-api-", 0).factory()))
            .build();

    final String base;
    final String operator;

    ControlApi(String base) throws IOException, InterruptedException {
        this.base = base;
        this.operator = "Bearer "
                + call("POST", "/v1/dev/tokens", null, null, "{\"subject\":\"bench\",\"roles\":[\"operator\"]}", 200)
                        .path("token")
                        .asText();
    }

    /** As the operator. */
    JsonNode operator(String method, String path, String body, int expect) throws IOException, InterruptedException {
        return call(method, path, "Authorization", operator, body, expect);
    }

    JsonNode call(String method, String path, String header, String value, String body, int expect)
            throws IOException, InterruptedException {
        HttpResponse<String> r =
                HTTP.send(request(path, header, value, method, body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    HttpRequest request(String path, String header, String value, String method, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            b.header(header, value);
        }
        return b.build();
    }

    /** A zone with room for {@code capacity} cameras; returns its node enrollment key. */
    String zone(String id, String region, int capacity) throws IOException, InterruptedException {
        return operator(
                        "POST",
                        "/v1/zones",
                        "{\"id\":\"" + id + "\",\"region\":\"" + region + "\",\"capacity\":" + capacity + "}",
                        201)
                .path("nodeEnrollmentKey")
                .asText();
    }

    /** Registers a node with its zone's key (201), or registers it again (200); returns the node id. */
    String node(String zone, String zoneKey, String name, int capacity) throws IOException, InterruptedException {
        String body = "{\"zone\":\"" + zone + "\",\"name\":\"" + name + "\",\"host\":\"127.0.0.1\",\"httpUrl\":"
                + "\"http://127.0.0.1:1\",\"rtspPort\":8554,\"rtmpPort\":1935,\"capacity\":" + capacity + "}";
        HttpResponse<String> r = HTTP.send(
                request("/v1/nodes", "X-Node-Key", zoneKey, "POST", body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("POST /v1/nodes answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** The claim code of device i: at least ten letters and digits, as the control plane requires. */
    static String claimCode(int i) {
        return "CLAIM-" + i + "-ZONECAM";
    }

    /** Provisions claimable devices {@code <prefix>-<i>} with claim codes {@link #claimCode(int)}. */
    void devices(String prefix, int from, int to) throws IOException, InterruptedException {
        for (int start = from; start < to; start += 1000) {
            StringBuilder sb = new StringBuilder("{\"devices\":[");
            for (int i = start; i < Math.min(to, start + 1000); i++) {
                sb.append(i == start ? "" : ",")
                        .append("{\"serial\":\"")
                        .append(prefix)
                        .append('-')
                        .append(i)
                        .append("\",\"claimCode\":\"")
                        .append(claimCode(i))
                        .append("\"}");
            }
            operator("POST", "/v1/devices", sb.append("]}").toString(), 200);
        }
    }
}
