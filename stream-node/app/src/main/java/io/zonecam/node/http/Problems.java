package io.zonecam.node.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

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
        JsonObject body = new JsonObject()
                .put("type", "https://zonecam.io/problems/" + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }
}
