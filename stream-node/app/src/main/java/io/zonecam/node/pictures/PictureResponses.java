package io.zonecam.node.pictures;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.node.http.HttpProblem;
import io.zonecam.node.http.Problems;
import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.image.EncodedImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * PictureResponses ends picture requests: the image with its capture time, or a problem+json whose status says what
 * went wrong (a decoder's {@link PictureException.Reason} chooses it, never its message), each refusal counted by
 * route and reason. Answers may be written from any thread; they go through the request's event loop.
 */
@ApplicationScoped
class PictureResponses {

    private static final Logger LOG = Logger.getLogger(PictureResponses.class);

    /** Header with the capture time of the picture served (RFC 3339). */
    static final String CAPTURED_AT = "Zonecam-Captured-At";

    @Inject
    PictureMetrics metrics;

    /** Sends the image taken at {@code captureMicros} with the given Cache-Control. */
    void image(RoutingContext ctx, Context loop, EncodedImage image, long captureMicros, String cacheControl) {
        loop.runOnContext(v -> {
            if (ctx.response().ended()) {
                return;
            }
            ctx.response()
                    .putHeader("Content-Type", image.format().mediaType())
                    .putHeader("Cache-Control", cacheControl)
                    .putHeader(
                            CAPTURED_AT,
                            Instant.EPOCH.plusNanos(captureMicros * 1000).toString())
                    .end(Buffer.buffer(image.data()));
        });
    }

    /** Ends the request with the problem {@code failure} stands for. */
    void fail(RoutingContext ctx, Context loop, String route, Throwable failure) {
        HttpProblem p = problem(unwrap(failure));
        metrics.refused(route, p.slug());
        loop.runOnContext(v -> Problems.send(ctx, p));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static HttpProblem problem(Throwable t) {
        if (t instanceof HttpProblem p) {
            return p;
        }
        if (t instanceof PictureException e) {
            return switch (e.reason()) {
                case NO_FRAME_AT_INSTANT, NO_ACCESS_UNITS ->
                    RecordedFrames.noPicture("No picture at this instant: " + e.getMessage());
                case BAD_REQUEST -> HttpProblem.badRequest(e.getMessage());
                case TOO_LARGE, CORRUPT_DATA, BAD_PARAMETER_SETS, NO_KEYFRAME, UNSUPPORTED_CODEC ->
                    new HttpProblem(
                            422,
                            "undecodable",
                            "Unprocessable Content",
                            "The recorded video cannot be decoded here: " + e.getMessage());
                case NATIVE_FAILURE -> {
                    LOG.warnf("snapshot decoder failed: %s", e.getMessage());
                    yield new HttpProblem(500, "decoder-failure", "Internal Server Error", "The decoder failed.");
                }
            };
        }
        if (t instanceof RejectedExecutionException) {
            return new HttpProblem(
                            503, "busy", "Service Unavailable", "Too many pictures are being decoded; retry shortly.")
                    .withHeader("Retry-After", "1");
        }
        if (t instanceof IOException e) {
            LOG.warnf("picture storage read failed: %s", e.toString());
            return new HttpProblem(
                            503, "storage-unavailable", "Service Unavailable", "The recordings cannot be read now.")
                    .withHeader("Retry-After", "2");
        }
        LOG.errorf(t, "picture request failed");
        return new HttpProblem(500, "internal", "Internal Server Error", "The picture could not be made.");
    }
}
