package io.zonecam.node.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** HttpProblem ends a request on the node with a problem+json answer; routes throw it for expected failures. */
public final class HttpProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public HttpProblem(int status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static HttpProblem badRequest(String detail) {
        return new HttpProblem(400, "bad-request", "Bad Request", detail);
    }

    public static HttpProblem unauthorized(String detail) {
        return new HttpProblem(401, "unauthorized", "Unauthorized", detail);
    }

    public static HttpProblem notFound(String detail) {
        return new HttpProblem(404, "not-found", "Not Found", detail);
    }

    /** This problem with a response header (e.g. {@code Retry-After}, {@code Content-Range}). */
    public HttpProblem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Headers to send with the problem. */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
