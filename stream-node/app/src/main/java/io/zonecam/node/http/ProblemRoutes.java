package io.zonecam.node.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.contracts.http.LimitsRoute;
import io.zonecam.contracts.http.ProblemJson;
import io.zonecam.contracts.http.RequestLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * ProblemRoutes makes every error the node's HTTP layer answers an RFC 9457 problem+json, not only the routes' own:
 * unknown routes (404) and methods (405), failures no route caught (500 and whatever status they carry, e.g. a body
 * handler's 413), and requests too large to take (413 body, 414 request target, 431 headers).
 *
 * <p>Why the size checks are here: Netty's HTTP decoder answers an over-long request line or header block itself,
 * with an empty body, before any route or handler Quarkus lets an application install sees the request (there is no
 * hook for Vert.x's invalid-request handler in Quarkus, quarkusio/quarkus#55082), and Quarkus's own body-size check
 * answers 413 empty too. So the decoder's limits are set high in {@code application.properties} (64 KiB, a bound on
 * memory per connection), and the node's real limits, the ones clients meet, are enforced by the first route,
 * which answers problem+json. Only a request beyond the decoder's ceiling still gets the decoder's bare answer.
 */
@ApplicationScoped
public class ProblemRoutes {

    private static final Logger LOG = Logger.getLogger(ProblemRoutes.class);

    /** Longest request target (path and query) taken; playback URLs with their tokens are under 1 KiB. */
    static final int MAX_REQUEST_TARGET = 4096;
    /** Most header bytes taken (names, values and separators). */
    static final int MAX_HEADER_BYTES = 20 * 1024;
    /** Before Quarkus's own body-size check (order -2), which would answer 413 with an empty body. */
    static final int LIMITS_ORDER = -3;

    private final LimitsRoute limits;

    public ProblemRoutes(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                    MemorySize maxBodySize) {
        this.limits = new LimitsRoute(
                new RequestLimits(MAX_REQUEST_TARGET, MAX_HEADER_BYTES, maxBodySize.asLongValue()),
                ProblemRoutes::refuse);
    }

    void routes(@Observes Router router) {
        install(router);
    }

    void management(@Observes ManagementInterface mi) {
        install(mi.router());
    }

    private void install(Router router) {
        router.route().order(LIMITS_ORDER).handler(limits);
        router.route().order(LIMITS_ORDER).failureHandler(ProblemRoutes::failure);
        for (int status : new int[] {400, 404, 405, 413, 414, 415, 431, 500, 501, 503}) {
            router.errorHandler(status, ctx -> failure(ctx, status));
        }
    }

    /** Answers a request the node will not read ({@link LimitsRoute} set Connection: close): the connection closes after the problem, its body unread. */
    private static void refuse(RoutingContext ctx, int status, String detail) {
        ctx.response().endHandler(v -> ctx.request().connection().close());
        Problems.send(ctx, status, slug(status), title(status), detail);
    }

    private static void failure(RoutingContext ctx) {
        Throwable cause = ctx.failure();
        if (cause instanceof HttpProblem p) {
            Problems.send(ctx, p);
            return;
        }
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.errorf(
                    cause, "%s %s failed", ctx.request().method(), ctx.request().path());
        }
        failure(ctx, status);
    }

    private static void failure(RoutingContext ctx, int status) {
        String detail =
                DETAILS.getOrDefault(status, status >= 500 ? "The node failed to answer; retry." : title(status));
        Problems.send(ctx, status, slug(status), title(status), detail);
    }

    private static final Map<Integer, String> DETAILS = Map.of(
            404, "No such resource on this node.",
            405, "This resource does not take that method.",
            413, "The request body is too large.",
            500, "The node failed to answer; retry.");

    static String title(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }

    static String slug(int status) {
        return ProblemJson.slug(title(status));
    }
}
