package io.zonecam.control.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.zonecam.contracts.http.ProblemJson;
import java.util.List;

/**
 * Problem is an RFC 9457 problem details body, the only error body the API returns.
 *
 * <pre>
 * HTTP/1.1 404 Not Found
 * Content-Type: application/problem+json
 *
 * {"type":"https://zonecam.io/problems/not-found","title":"Not Found","status":404,
 *  "detail":"No camera 6a1d2c44-3f0e-4b8e-9c59-5e0f3b8f2a11."}
 * </pre>
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = ProblemJson.MEDIA_TYPE;

    static final String TYPE_ROOT = ProblemJson.TYPE_ROOT;

    /** One invalid field of a request. */
    @RegisterForReflection
    public record FieldError(String field, String message) {}
}
