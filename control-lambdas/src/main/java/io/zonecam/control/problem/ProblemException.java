package io.zonecam.control.problem;

import java.util.List;
import java.util.Map;

/** ProblemException ends a request with a problem+json answer; services throw it for expected failures. */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(
            int status,
            String slug,
            String title,
            String detail,
            List<Problem.FieldError> errors,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors;
        this.headers = headers;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad Request", detail, List.of(), Map.of());
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(
                400,
                "validation",
                "Invalid request",
                field + ": " + message,
                List.of(new Problem.FieldError(field, message)),
                Map.of());
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, List.of(), Map.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, List.of(), Map.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not Found", detail, List.of(), Map.of());
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail, List.of(), Map.of());
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(
                503, "unavailable", "Service Unavailable", detail, List.of(), Map.of("Retry-After", "5"));
    }

    /** The last part of the problem's type URI, e.g. {@code claim-refused}. */
    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The problem body for this exception. */
    public Problem problem(String instance) {
        return new Problem(Problem.TYPE_ROOT + slug, title, status, getMessage(), instance, errors);
    }
}
