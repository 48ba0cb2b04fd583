package io.zonecam.node.http;

import io.vertx.ext.web.RoutingContext;
import io.zonecam.contracts.http.ProblemJson;

/** Problems writes RFC 9457 problem+json answers from the node's HTTP routes. */
public final class Problems {

    private Problems() {}

    /** Ends the request with the problem an {@link HttpProblem} describes. */
    public static void send(RoutingContext ctx, HttpProblem p) {
        if (!ctx.response().headWritten()) {
            p.headers().forEach(ctx.response()::putHeader);
        }
        send(ctx, p.status(), p.slug(), p.title(), p.getMessage());
    }

    /** Ends the request with a problem of the given status. */
    public static void send(RoutingContext ctx, int status, String slug, String title, String detail) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.response().headWritten()) {
            // Too late for a status: the body already started, so cut the connection rather than send half a file.
            ctx.response().reset();
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", ProblemJson.MEDIA_TYPE)
                .end(ProblemJson.render(
                        status, slug, title, detail, ctx.request().path()));
    }
}
