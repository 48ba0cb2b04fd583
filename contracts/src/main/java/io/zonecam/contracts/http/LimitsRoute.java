package io.zonecam.contracts.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * LimitsRoute is the first route of a Zonecam HTTP server on Vert.x (the control plane's and the stream node's): a
 * request within its {@link RequestLimits} goes on to the next route; one beyond them is answered
 * {@code Connection: close} with the refusal, written by the server's own {@link Refuser}, its body left unread.
 *
 * <p>Vert.x is an optional dependency of this module: only the servers, which have it anyway, load this class.
 */
public record LimitsRoute(RequestLimits limits, Refuser refuser) implements Handler<RoutingContext> {

    /** Refuser writes a refusal as the server's problem+json. */
    @FunctionalInterface
    public interface Refuser {
        void refuse(RoutingContext ctx, int status, String detail);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        RequestLimits.Refusal refusal =
                limits.check(request.uri(), request.headers(), request.getHeader("Content-Length"));
        if (refusal == null) {
            ctx.next();
        } else {
            ctx.response().putHeader("Connection", "close");
            refuser.refuse(ctx, refusal.status(), refusal.detail());
        }
    }
}
