package io.zonecam.node.playback;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.auth.PlaybackTokens;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.http.HttpProblem;
import io.zonecam.node.http.Problems;
import io.zonecam.recording.RecordingKey;
import io.zonecam.recording.index.CameraIndex;
import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.index.Timeline.RecordedObject;
import io.zonecam.recording.playback.ClipExporter;
import io.zonecam.recording.playback.HlsPlaylist;
import io.zonecam.recording.playback.RangeAccess;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * PlaybackRoutes serves recordings: an HLS playlist over a time range, the objects' bytes it points at (proxied,
 * with HTTP Range), the day timeline with its gaps, and MP4 clip export. Every request carries a recorded playback
 * token for the camera whose range covers what is asked.
 *
 * <pre>
 * GET /hls/cameras/{id}/index.m3u8?from&amp;to&amp;token      VOD playlist (RFC 8216), byte ranges into objects
 * GET /hls/cameras/{id}/objects/{key}?token                 object bytes, 206 for Range requests
 * GET /recordings/cameras/{id}/timeline?from&amp;to&amp;token   {"segments":[{from,to}],"gaps":[{from,to,reason}]}
 * GET /clips/cameras/{id}.mp4?from&amp;to&amp;token             one MP4 file of the range
 * </pre>
 * Objects are proxied rather than redirected to presigned URLs so one token guards everything and the store stays
 * private. When the control plane signed the playlist URL for CloudFront, the playlist points the objects its policy
 * covers at the CDN instead ({@link CdnObjectUrls}) and the bytes leave from the edge; clips stay here (they are
 * assembled per request, not stored objects).
 *
 * <p>A token opens only what its range holds: the playlist, clip and timeline cover only the fragments that overlap
 * it, and the object route serves only the init segment and the byte ranges of those fragments ({@link RangeAccess}),
 * never a whole object around them. Objects and clips are streamed by {@link Downloads} (no thread held per client,
 * a few at once per token).
 */
@ApplicationScoped
public class PlaybackRoutes {

    private final PlaybackTokens tokens;
    private final ObjectStore store;
    private final Downloads downloads;
    private final CameraIndex index;
    private final ClipExporter clips;
    private final String keyPrefix;
    private final Optional<String> cdnDomain;

    public PlaybackRoutes(PlaybackTokens tokens, ObjectStore store, Downloads downloads, NodeConfig config) {
        this.tokens = tokens;
        this.store = store;
        this.downloads = downloads;
        this.keyPrefix = config.storage().prefix().orElse("");
        this.cdnDomain = config.playback().cdnDomain();
        this.index = new CameraIndex(store, keyPrefix, CameraIndex.Config.defaults());
        this.clips = new ClipExporter(store);
    }

    void routes(@Observes Router router) {
        router.get("/hls/cameras/:cameraId/index.m3u8").blockingHandler(ctx -> handle(ctx, this::playlist), false);
        router.get("/hls/cameras/:cameraId/objects/:key").handler(this::object);
        router.get("/recordings/cameras/:cameraId/timeline").blockingHandler(ctx -> handle(ctx, this::timeline), false);
        router.getWithRegex("/clips/cameras/(?<cameraId>[A-Za-z0-9-]{1,64})\\.mp4")
                .handler(this::clip);
    }

    /** A route body that may throw {@link HttpProblem} or I/O errors. */
    private interface Handler {
        void handle(RoutingContext ctx) throws IOException;
    }

    private void handle(RoutingContext ctx, Handler h) {
        try {
            h.handle(ctx);
        } catch (IOException | RuntimeException e) {
            Downloads.fail(ctx, e);
        }
    }

    private void playlist(RoutingContext ctx) throws IOException {
        Range r = range(ctx);
        Timeline timeline = timeline(r);
        String token = URLEncoder.encode(r.token, StandardCharsets.US_ASCII);
        Optional<CdnObjectUrls> cdn = CdnObjectUrls.of(cdnDomain, ctx.queryParams(), Instant.now());
        String body = HlsPlaylist.write(
                timeline,
                (key, offset, length) -> cdn.flatMap(c -> c.url(key))
                        .orElseGet(
                                () -> "objects/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?token=" + token));
        ctx.response()
                .putHeader("Content-Type", "application/vnd.apple.mpegurl")
                .putHeader("Cache-Control", "private, max-age=5")
                .end(body);
    }

    private void timeline(RoutingContext ctx) throws IOException {
        Range r = range(ctx);
        Timeline timeline = index.timeline(r.camera, r.from, r.to);
        JsonArray segments = new JsonArray();
        long runStart = -1;
        long runEnd = -1;
        for (Timeline.Segment s : timeline.segments()) {
            if (runStart >= 0 && s.startMicros() - runEnd > 100_000) {
                segments.add(span(runStart, runEnd));
                runStart = -1;
            }
            if (runStart < 0) {
                // Edge fragments reach past the range; the token shows nothing beyond it.
                runStart = Math.max(s.startMicros(), timeline.fromMicros());
            }
            runEnd = Math.min(s.endMicros(), timeline.toMicros());
        }
        if (runStart >= 0) {
            segments.add(span(runStart, runEnd));
        }
        JsonArray gaps = new JsonArray();
        for (Timeline.Gap g : timeline.gaps()) {
            gaps.add(span(g.startMicros(), g.endMicros())
                    .put("reason", g.reason().name().toLowerCase()));
        }
        ctx.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "private, max-age=5")
                .end(new JsonObject()
                        .put("cameraId", r.camera)
                        .put("from", r.from.toString())
                        .put("to", r.to.toString())
                        .put("segments", segments)
                        .put("gaps", gaps)
                        .encode());
    }

    private void clip(RoutingContext ctx) {
        Range r;
        try {
            r = range(ctx);
        } catch (HttpProblem p) {
            Problems.send(ctx, p);
            return;
        }
        downloads.send(ctx, r.tokenId, () -> {
            Timeline timeline = timeline(r);
            ClipExporter.ClipStream in = clips.open(timeline);
            String name = r.camera + "-" + r.from.toString().replace(':', '-') + ".mp4";
            return new Downloads.Body(
                    200,
                    Map.of("Content-Type", "video/mp4", "Content-Disposition", "attachment; filename=\"" + name + "\""),
                    in,
                    Long.MAX_VALUE);
        });
    }

    private void object(RoutingContext ctx) {
        String camera = ctx.pathParam("cameraId");
        TokenClaims claims;
        try {
            claims = tokens.verify(ctx.queryParams().get("token"), TokenKind.RECORDED, camera);
        } catch (HttpProblem p) {
            Problems.send(ctx, p);
            return;
        }
        String key = ctx.pathParam("key");
        String rangeHeader = ctx.request().getHeader("Range");
        downloads.send(ctx, claims.tokenId(), () -> openObject(camera, claims, key, rangeHeader));
    }

    /** Opens the bytes of an object the token may read: its init and the fragments overlapping the token's range. */
    private Downloads.Body openObject(String camera, TokenClaims claims, String key, String rangeHeader)
            throws IOException {
        RecordingKey parsed = RecordingKey.tryParse(key);
        if (parsed == null
                || !parsed.cameraId().equals(camera)
                || !parsed.prefix().equals(keyPrefix)
                || !parsed.overlaps(
                        claims.rangeFrom().toEpochMilli() - 1000,
                        claims.rangeTo().toEpochMilli() + 1000)) {
            // Only this camera's objects within the token's range: a token never opens other recordings.
            throw HttpProblem.notFound("No such recording object for this token.");
        }
        ObjectInfo info = store.head(key).orElseThrow(() -> HttpProblem.notFound("No such recording object."));
        RecordedObject object = index.recorded(info);
        RangeAccess access = RangeAccess.of(object, micros(claims.rangeFrom()), micros(claims.rangeTo()));
        if (!access.opensAnyFragment()) {
            throw HttpProblem.notFound("No such recording object for this token.");
        }
        long size = info.size();
        ByteRange range = new ByteRange(0, size - 1, false);
        if (rangeHeader != null) {
            range = ByteRange.parse(rangeHeader, size);
            if (range == null) {
                throw new HttpProblem(
                                416,
                                "range",
                                "Range Not Satisfiable",
                                "Byte range outside the object (" + size + " bytes).")
                        .withHeader("Content-Range", "bytes */" + size);
            }
            if (range.openEnded() && access.spanEnd(range.start()) > 0) {
                // "From here on" ends where the open bytes end: a shorter 206 still answers an open-ended range.
                range = new ByteRange(range.start(), Math.min(range.end(), access.spanEnd(range.start()) - 1), true);
            }
        }
        if (!access.allows(range.start(), range.end() + 1)) {
            throw new HttpProblem(
                    403,
                    "outside-token-range",
                    "Forbidden",
                    "This token opens only the init segment and the fragments inside its time range; ask for their"
                            + " byte ranges as the playlist lists them.");
        }
        Map<String, String> headers = new LinkedHashMap<>(Map.of(
                "Content-Type", "video/mp4", "Accept-Ranges", "bytes", "Cache-Control", "private, max-age=86400"));
        if (rangeHeader != null) {
            headers.put("Content-Range", range.contentRange(size));
        }
        return new Downloads.Body(
                rangeHeader != null ? 206 : 200,
                headers,
                store.open(key, range.start(), range.length()),
                range.length());
    }

    private static long micros(Instant i) {
        return Math.multiplyExact(i.getEpochSecond(), 1_000_000L) + i.getNano() / 1000;
    }

    private Timeline timeline(Range r) throws IOException {
        Timeline timeline = index.timeline(r.camera, r.from, r.to);
        if (timeline.isEmpty()) {
            throw HttpProblem.notFound("No recordings of this camera between " + r.from + " and " + r.to + ".");
        }
        return timeline;
    }

    /** The checked camera, range and token of a recorded-playback request. */
    private record Range(String camera, Instant from, Instant to, String token, String tokenId) {}

    private Range range(RoutingContext ctx) {
        String camera = ctx.pathParam("cameraId");
        String token = ctx.queryParams().get("token");
        TokenClaims claims = tokens.verify(token, TokenKind.RECORDED, camera);
        Instant from = instant(ctx, "from", claims.rangeFrom());
        Instant to = instant(ctx, "to", claims.rangeTo());
        if (!to.isAfter(from)) {
            throw HttpProblem.badRequest("'to' must be after 'from'.");
        }
        if (!claims.covers(from, to)) {
            throw HttpProblem.unauthorized("The playback token does not cover " + from + " to " + to + ".");
        }
        return new Range(camera, from, to, token, claims.tokenId());
    }

    private static Instant instant(RoutingContext ctx, String name, Instant fallback) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest("'" + name + "' is not an ISO-8601 instant: " + v);
        }
    }

    private static JsonObject span(long fromMicros, long toMicros) {
        return new JsonObject()
                .put("from", Instant.EPOCH.plusNanos(fromMicros * 1000).toString())
                .put("to", Instant.EPOCH.plusNanos(toMicros * 1000).toString());
    }
}
