package io.zonecam.node.http;

/** HttpProblem ends a request on the node with a problem+json answer; routes throw it for expected failures. */
public final class HttpProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

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
