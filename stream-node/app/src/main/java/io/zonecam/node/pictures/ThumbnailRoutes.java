package io.zonecam.node.pictures;

import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.auth.PlaybackTokens;
import io.zonecam.pictures.thumbs.CameraThumbnails;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * ThumbnailRoutes serves the small pictures the grid and the timeline show (160 px wide JPEGs, never decoded on
 * request).
 *
 * <pre>
 * GET /thumbnails/cameras/{id}/latest.jpg?token        the newest thumbnail (live or recorded token)
 * GET /thumbnails/cameras/{id}?at&amp;token               the thumbnail at or before {@code at} (recorded token)
 * </pre>
 * The newest comes from memory while the camera streams here, else from the packs of the last two hours. A thumbnail
 * at an instant comes from the packs of that camera-hour: a LIST of the hour's folder, the pack's index (cached) and
 * the picture, one ranged GET each. The pack of the current hour is stored only when the hour (or the session) ends:
 * until then its thumbnails come from the pack file on this node's spool. A recorded token shows only thumbnails
 * taken inside its range.
 * Errors as {@link SnapshotRoutes}.
 */
@ApplicationScoped
public class ThumbnailRoutes {

    static final String ROUTE = "thumbnail";
    private static final long LATEST_LOOKBACK_MICROS = 2 * 3_600_000_000L;
    private static final String UNSTORED_CACHE = "private, max-age=5";

    /** Found is a thumbnail with the caching its source allows. */
    private record Found(CameraThumbnails.Latest picture, String cache) {}

    @Inject
    PlaybackTokens tokens;

    @Inject
    LivePictures live;

    @Inject
    ThumbnailStore store;

    @Inject
    PictureResponses responses;

    void routes(@Observes Router router) {
        router.get("/thumbnails/cameras/:cameraId/latest.jpg").handler(this::latest);
        router.get("/thumbnails/cameras/:cameraId").handler(this::at);
    }

    private void latest(RoutingContext ctx) {
        Context loop = ctx.vertx().getOrCreateContext();
        try {
            String camera = ctx.pathParam("cameraId");
            TokenClaims claims = tokens.verifyScoped(
                    ctx.queryParams().get("token"), Set.of(TokenKind.LIVE, TokenKind.RECORDED), camera);
            long now = System.currentTimeMillis() * 1000;
            long notBefore = now - LATEST_LOOKBACK_MICROS;
            long notAfter = now;
            if (claims.kind() == TokenKind.RECORDED) {
                notBefore = Math.max(notBefore, micros(claims.rangeFrom()));
                notAfter = Math.min(notAfter, micros(claims.rangeTo()));
            }
            Optional<CameraThumbnails.Latest> inMemory = live.latest(camera);
            long from = notBefore;
            long to = notAfter;
            if (inMemory.isPresent() && within(inMemory.get(), from, to)) {
                send(ctx, loop, inMemory.get(), "private, max-age=5");
                return;
            }
            find(ctx, loop, camera, to, from, "private, max-age=5");
        } catch (RuntimeException e) {
            responses.fail(ctx, loop, ROUTE, e);
        }
    }

    private void at(RoutingContext ctx) {
        Context loop = ctx.vertx().getOrCreateContext();
        try {
            String camera = ctx.pathParam("cameraId");
            TokenClaims claims =
                    tokens.verifyScoped(ctx.queryParams().get("token"), Set.of(TokenKind.RECORDED), camera);
            long at = PictureParams.at(ctx.queryParams());
            if (at < 0) {
                throw io.zonecam.node.http.HttpProblem.badRequest("'at' is required.");
            }
            PictureParams.recordedInstant(claims, at);
            find(ctx, loop, camera, at, micros(claims.rangeFrom()), "private, max-age=86400");
        } catch (RuntimeException e) {
            responses.fail(ctx, loop, ROUTE, e);
        }
    }

    /**
     * Looks on a worker thread for the thumbnail at or before {@code micros}: in the packs this node has not stored
     * yet (the camera's current hour), then in the stored packs.
     */
    private void find(RoutingContext ctx, Context loop, String camera, long micros, long notBefore, String cache) {
        ctx.vertx()
                .executeBlocking(
                        () -> {
                            Optional<CameraThumbnails.Latest> unstored =
                                    live.unstoredThumbnail(camera, micros, notBefore);
                            // Briefly cached: a keyframe still queued may yet add a thumbnail before the instant.
                            return unstored.isPresent()
                                    ? unstored.map(t -> new Found(t, UNSTORED_CACHE))
                                    : store.atOrBefore(camera, micros, notBefore)
                                            .map(t -> new Found(t, cache));
                        },
                        false)
                .onComplete(r -> {
                    if (r.failed()) {
                        responses.fail(ctx, loop, ROUTE, r.cause());
                    } else if (r.result().isEmpty()) {
                        responses.fail(
                                ctx,
                                loop,
                                ROUTE,
                                RecordedFrames.noPicture("No thumbnail of this camera at or before "
                                        + RecordedFrames.instant(micros) + "."));
                    } else {
                        send(
                                ctx,
                                loop,
                                r.result().get().picture(),
                                r.result().get().cache());
                    }
                });
    }

    private void send(RoutingContext ctx, Context loop, CameraThumbnails.Latest t, String cache) {
        responses.image(ctx, loop, t.image(), t.captureMicros(), cache);
    }

    private static boolean within(CameraThumbnails.Latest t, long from, long to) {
        return t.captureMicros() >= from && t.captureMicros() <= to;
    }

    private static long micros(Instant i) {
        return Math.multiplyExact(i.getEpochSecond(), 1_000_000L) + i.getNano() / 1000;
    }
}
