package io.zonecam.node.support;

import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Http sends requests to the node under test exactly as written (paths keep their percent-encoding). */
public final class Http {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    /** GET {@code pathAndQuery} on the node's HTTP port, with a {@code Range} header unless it is null. */
    public static HttpResponse<byte[]> get(String pathAndQuery, String range) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RestAssured.port + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (range != null) {
            b.header("Range", range);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
