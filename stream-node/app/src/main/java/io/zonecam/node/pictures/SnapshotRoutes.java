package io.zonecam.node.pictures;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.node.auth.PlaybackTokens;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.pictures.decode.CodedVideo;
import io.zonecam.pictures.decode.Selection;
import io.zonecam.pictures.image.EncodedImage;
import io.zonecam.pictures.image.ImageFormat;
import io.zonecam.pictures.image.ImageSize;
import io.zonecam.pictures.snapshot.Snapshots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * SnapshotRoutes serves the picture of a camera at an instant or live, decoded on demand.
 *
 * <pre>
 * GET /snapshots/cameras/{id}?at&amp;size=full|640|160&amp;exact=true|false&amp;format=jpeg|webp&amp;token
 * </pre>
 * With {@code at} (RFC 3339) the token must be a recorded one whose range holds it: the fragment around the instant
 * (and the one before, for open GOPs) is read by byte range and decoded to the keyframe at or before the instant, or
 * with {@code exact=true} to the very frame shown then. Without {@code at} the token must be a live one: the camera's
 * newest group of pictures on this node gives its keyframe, or with {@code exact=true} its newest frame (the keyframe
 * and every frame since are decoded). The answer carries the frame's capture time in {@code Zonecam-Captured-At}.
 * Store reads run on worker threads, decoding on {@link PictureWorkers}; no event loop waits for either.
 *
 * <p>Errors (problem+json): 400 for a bad size, format, exact or time; 401 for a missing, expired, revoked or
 * wrong-kind token or an instant outside its range; 404 {@code not-found} for another camera's token (like a camera
 * that does not exist); 404 {@code no-picture} outside the recordings, in a gap, in the future or for a camera not
 * streaming here; 422 for video that cannot be decoded; 503 when the decoding queue is full.
 */
@ApplicationScoped
public class SnapshotRoutes {

    static final String ROUTE = "snapshot";

    @Inject
    PlaybackTokens tokens;

    @Inject
    LivePictures live;

    @Inject
    RecordedFrames recorded;

    @Inject
    PictureWorkers workers;

    @Inject
    PictureMetrics metrics;

    @Inject
    PictureResponses responses;

    @Inject
    NodeConfig config;

    private final Snapshots snapshots = new Snapshots();

    void routes(@Observes Router router) {
        router.get("/snapshots/cameras/:cameraId").handler(this::snapshot);
    }

    private void snapshot(RoutingContext ctx) {
        Context loop = ctx.vertx().getOrCreateContext();
        try {
            String camera = ctx.pathParam("cameraId");
            long at = PictureParams.at(ctx.queryParams());
            TokenKind kind = at < 0 ? TokenKind.LIVE : TokenKind.RECORDED;
            TokenClaims claims = tokens.verifyScoped(ctx.queryParams().get("token"), Set.of(kind), camera);
            ImageSize size = PictureParams.size(ctx.queryParams());
            ImageFormat format = PictureParams.format(ctx.queryParams());
            boolean exact = PictureParams.exact(ctx.queryParams());
            if (at < 0) {
                live(ctx, loop, camera, size, format, exact);
            } else {
                PictureParams.recordedInstant(claims, at);
                recorded(ctx, loop, camera, at, size, format, exact);
            }
        } catch (RuntimeException e) {
            responses.fail(ctx, loop, ROUTE, e);
        }
    }

    private void live(
            RoutingContext ctx, Context loop, String camera, ImageSize size, ImageFormat format, boolean exact) {
        SessionPictures.LiveGop gop = live.gop(camera)
                .orElseThrow(() -> RecordedFrames.noPicture("The camera is not streaming to this node now."));
        // The keyframe alone is one picture's decode; the newest frame costs every frame since the keyframe.
        List<MediaFrame> frames = exact ? gop.frames() : gop.frames().subList(0, 1);
        Selection selection = exact ? Selection.AT_OR_BEFORE : Selection.KEYFRAME;
        workers.submit(() -> decode(true, CodedVideo.of(gop.track(), frames), Long.MAX_VALUE, selection, size, format))
                .whenComplete((image, failure) -> {
                    if (failure != null) {
                        responses.fail(ctx, loop, ROUTE, failure);
                    } else {
                        responses.image(ctx, loop, image, gop.anchorMicros() + image.ptsMicros(), "private, no-cache");
                    }
                });
    }

    private void recorded(
            RoutingContext ctx,
            Context loop,
            String camera,
            long at,
            ImageSize size,
            ImageFormat format,
            boolean exact) {
        Selection selection = exact ? Selection.AT_OR_BEFORE : Selection.KEYFRAME;
        ctx.vertx()
                .executeBlocking(() -> recorded.at(camera, at), false)
                .toCompletionStage()
                .thenCompose(r -> workers.submit(
                                () -> decode(false, r.video(), r.mediaMicros(), selection, size, format))
                        .thenApply(image -> new Taken(image, r.wallClock(image.ptsMicros()))))
                .whenComplete((taken, failure) -> {
                    if (failure != null) {
                        responses.fail(ctx, loop, ROUTE, failure);
                    } else {
                        responses.image(ctx, loop, taken.image(), taken.capturedMicros(), "private, max-age=86400");
                    }
                });
    }

    /** An image with the capture time of its frame. */
    private record Taken(EncodedImage image, long capturedMicros) {}

    private EncodedImage decode(
            boolean isLive, CodedVideo video, long media, Selection selection, ImageSize size, ImageFormat format) {
        Timer.Sample sample = Timer.start();
        try {
            return snapshots.snapshot(
                    video, media, selection, size, format, config.pictures().quality());
        } finally {
            sample.stop(metrics.decode(isLive));
        }
    }
}
