package io.zonecam.control.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** ProblemMappers turns every failure into an RFC 9457 problem+json answer, never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final Map<String, String> BEARER_CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"zonecam\"");

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(e, request);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new ProblemException(400, "validation", "Invalid request", detail, errors, Map.of()), request);
    }

    /** Declared for the subtype too, so it wins over Quarkus's built-in mapper of the same type. */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e, HttpServerRequest request) {
        return json(e, request);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        String detail;
        if (e instanceof UnrecognizedPropertyException u) {
            detail = "Unknown field '" + u.getPropertyName() + "'.";
        } else if (e instanceof MismatchedInputException m && m.getTargetType() == java.time.Instant.class) {
            detail = "Field '" + path(m) + "' must be an RFC 3339 date-time string such as 2026-11-26T10:00:00Z.";
        } else if (e instanceof InvalidFormatException f) {
            detail = "Field '" + path(f) + "' has an invalid value.";
        } else if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            detail = "Field '" + path(m) + "' has the wrong type.";
        } else {
            detail = "The body is not valid JSON.";
        }
        return respond(ProblemException.badRequest(detail), request);
    }

    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        return respond(
                new ProblemException(
                        401,
                        "unauthorized",
                        "Unauthorized",
                        "Missing or invalid credentials.",
                        List.of(),
                        BEARER_CHALLENGE),
                request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(ProblemException.forbidden("Your role does not allow this call."), request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                return json(j, request);
            }
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No such resource: " + request.path();
            case 405 -> "Method " + request.method() + " is not allowed on " + request.path() + ".";
            case 415 -> "Unsupported content type; send application/json.";
            case 406 -> "Only application/json can be returned.";
            case 400 -> "The request could not be read: check its body and parameters.";
            default -> title + ".";
        };
        return respond(new ProblemException(status, slug(title), title, detail, List.of(), Map.of()), request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (isDatabaseUnavailable(e)) {
            LOG.warnf("database unavailable on %s %s: %s", request.method(), request.path(), e.toString());
            return respond(
                    ProblemException.unavailable("The database is unavailable; nothing was changed. Retry later."),
                    request);
        }
        LOG.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return respond(
                new ProblemException(
                        500,
                        "internal",
                        "Internal Server Error",
                        "Something went wrong on our side; it has been logged.",
                        List.of(),
                        Map.of()),
                request);
    }

    /** True when the failure comes from not reaching PostgreSQL (connection refused, closed, timed out). */
    static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            String msg = String.valueOf(t.getMessage());
            if (t instanceof ConnectException
                    || name.endsWith("ClosedConnectionException")
                    || name.endsWith("ConnectTimeoutException")
                    || name.equals("io.vertx.sqlclient.NoStackTraceTimeoutException")
                    || msg.contains("Connection refused")
                    || msg.contains("connection pool") && msg.contains("timeout")
                    || msg.contains("the database system is shutting down")
                    || msg.contains("terminating connection due to administrator command")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The problem+json answer of {@code e}; for resources' own mappers too. */
    public static Response respond(ProblemException e, HttpServerRequest request) {
        Response.ResponseBuilder b = Response.status(e.status())
                .type(Problem.MEDIA_TYPE)
                .entity(e.problem(request == null ? null : request.path()));
        e.headers().forEach(b::header);
        return b.build();
    }

    private static String fieldName(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // "register.claim.serial" → "serial"; method-parameter paths keep only the last node.
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
