package io.zonecam.node.live;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.auth.PlaybackTokens;
import io.zonecam.node.http.HttpProblem;
import io.zonecam.node.http.Problems;
import io.zonecam.webrtc.sfu.SfuException;
import io.zonecam.webrtc.sfu.ViewerAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * WhepRoutes is the node's WHEP endpoint (RFC 9725): a viewer POSTs an SDP offer with a live playback token and
 * gets the answer and a session URL it DELETEs when done.
 *
 * <pre>
 * POST   /whep/cameras/{id}      Authorization: Bearer &lt;live token&gt;, Content-Type: application/sdp → 201 answer
 * DELETE /whep/sessions/{viewer}                                                                    → 204
 * </pre>
 * The server is ICE-lite with all its candidates in the answer, so trickle PATCHes are answered 405.
 */
@ApplicationScoped
public class WhepRoutes {

    static final int MAX_OFFER_BYTES = 32 * 1024;

    private final LiveService live;
    private final PlaybackTokens tokens;

    public WhepRoutes(LiveService live, PlaybackTokens tokens) {
        this.live = live;
        this.tokens = tokens;
    }

    void routes(@Observes Router router) {
        router.post("/whep/cameras/:cameraId")
                .handler(BodyHandler.create().setBodyLimit(MAX_OFFER_BYTES))
                .blockingHandler(this::offer, false);
        router.delete("/whep/sessions/:viewerId").handler(this::delete);
        router.patch("/whep/sessions/:viewerId")
                .handler(ctx -> Problems.send(
                        ctx,
                        405,
                        "method-not-allowed",
                        "Method Not Allowed",
                        "This server is ICE-lite and sends all candidates in the answer; no trickle ICE."));
    }

    private void offer(RoutingContext ctx) {
        try {
            String camera = ctx.pathParam("cameraId");
            tokens.verify(bearer(ctx), TokenKind.LIVE, camera);
            String type = ctx.request().getHeader("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/sdp")) {
                throw new HttpProblem(
                        415, "unsupported-media-type", "Unsupported Media Type", "Send the offer as application/sdp.");
            }
            String offer = ctx.body() == null ? "" : ctx.body().asString();
            ViewerAnswer answer = live.createViewer(camera, offer);
            ctx.response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/sdp")
                    .putHeader("Location", "/whep/sessions/" + answer.viewerId())
                    .putHeader("ETag", answer.etag())
                    .end(answer.answerSdp());
        } catch (HttpProblem p) {
            Problems.send(ctx, p);
        } catch (SfuException e) {
            Problems.send(
                    ctx,
                    e.reason().httpStatus(),
                    "whep-" + e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    title(e.reason().httpStatus()),
                    e.getMessage());
        }
    }

    private void delete(RoutingContext ctx) {
        if (live.deleteViewer(ctx.pathParam("viewerId"))) {
            ctx.response().setStatusCode(204).end();
        } else {
            Problems.send(ctx, 404, "not-found", "Not Found", "No such WHEP session.");
        }
    }

    /** The live token: {@code Authorization: Bearer} as WHEP prescribes, or {@code ?token=} for simple players. */
    public static String bearer(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return ctx.queryParams().get("token");
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            default -> "Service Unavailable";
        };
    }
}
