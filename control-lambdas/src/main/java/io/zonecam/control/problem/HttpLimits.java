package io.zonecam.control.problem;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.contracts.http.LimitsRoute;
import io.zonecam.contracts.http.ProblemJson;
import io.zonecam.contracts.http.RequestLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HttpLimits answers requests too large to take as problem+json (413 body, 414 request target, 431 headers), and
 * every error the HTTP layer itself produces outside the REST resources, which {@link ProblemMappers} cannot reach.
 *
 * <p>Netty's HTTP decoder answers an over-long request line or header block itself, with an empty body, before any
 * route sees it, and Quarkus's body-size check answers 413 empty too. So (as on the stream node) the decoder's limits
 * are set high in {@code application.properties} (64 KiB) and the real limits, the ones clients meet, are enforced by
 * this first route, the {@link LimitsRoute} both servers share. On Lambda, API Gateway builds the request, and the same route applies the same limits.
 */
@ApplicationScoped
public class HttpLimits {

    /** Longest request target (path and query): the longest real one (a search with a cursor) is under 1 KiB. */
    static final int MAX_REQUEST_TARGET = 2048;
    /** Most header bytes taken (names, values and separators): a user JWT is about 1 KiB. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Before Quarkus's own body-size check, which would answer 413 with an empty body. */
    static final int ORDER = -3;

    private final LimitsRoute limits;

    public HttpLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.limits = new LimitsRoute(
                new RequestLimits(MAX_REQUEST_TARGET, MAX_HEADER_BYTES, maxBodySize.asLongValue()), HttpLimits::send);
    }

    void routes(@Observes Router router) {
        router.route().order(ORDER).handler(limits);
        for (int status : new int[] {400, 413, 414, 431, 500}) {
            router.errorHandler(status, ctx -> {
                if (!ctx.response().headWritten()) {
                    send(ctx, status, DETAILS.getOrDefault(status, title(status) + "."));
                }
            });
        }
    }

    private static void send(RoutingContext ctx, int status, String detail) {
        String title = title(status);
        String body = ProblemJson.render(
                status, ProblemJson.slug(title), title, detail, ctx.request().path());
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(body);
    }

    private static final Map<Integer, String> DETAILS = Map.of(
            400, "The request could not be read.",
            413, "The request body is too large.",
            500, "Something went wrong on our side; it has been logged.");

    private static String title(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
