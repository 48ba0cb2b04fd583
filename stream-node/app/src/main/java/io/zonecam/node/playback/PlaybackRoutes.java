package io.zonecam.node.playback;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
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
import io.zonecam.recording.playback.ClipExporter;
import io.zonecam.recording.playback.HlsPlaylist;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jboss.logging.Logger;

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
 * private; in production CloudFront with signed URLs can take the byte traffic instead (see iac/).
 */
@ApplicationScoped
public class PlaybackRoutes {

    private static final Logger LOG = Logger.getLogger(PlaybackRoutes.class);
    private static final int CHUNK = 64 * 1024;

    private final PlaybackTokens tokens;
    private final ObjectStore store;
    private final CameraIndex index;
    private final ClipExporter clips;
    private final String keyPrefix;

    public PlaybackRoutes(PlaybackTokens tokens, ObjectStore store, NodeConfig config) {
        this.tokens = tokens;
        this.store = store;
        this.keyPrefix = config.storage().prefix().orElse("");
        this.index = new CameraIndex(store, keyPrefix, CameraIndex.Config.defaults());
        this.clips = new ClipExporter(store);
    }

    void routes(@Observes Router router) {
        router.get("/hls/cameras/:cameraId/index.m3u8").blockingHandler(ctx -> handle(ctx, this::playlist), false);
        router.get("/hls/cameras/:cameraId/objects/:key").blockingHandler(ctx -> handle(ctx, this::object), false);
        router.get("/recordings/cameras/:cameraId/timeline").blockingHandler(ctx -> handle(ctx, this::timeline), false);
        router.getWithRegex("/clips/cameras/(?<cameraId>[A-Za-z0-9-]{1,64})\\.mp4")
                .blockingHandler(ctx -> handle(ctx, this::clip), false);
    }

    /** A route body that may throw {@link HttpProblem} or I/O errors. */
    private interface Handler {
        void handle(RoutingContext ctx) throws IOException;
    }

    private void handle(RoutingContext ctx, Handler h) {
        try {
            h.handle(ctx);
        } catch (HttpProblem p) {
            Problems.send(ctx, p);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("%s %s failed: %s", ctx.request().method(), ctx.request().path(), e.toString());
            Problems.send(ctx, 502, "storage", "Bad Gateway", "The recordings store did not answer; retry.");
        }
    }

    private void playlist(RoutingContext ctx) throws IOException {
        Range r = range(ctx);
        Timeline timeline = timeline(r);
        String token = URLEncoder.encode(r.token, StandardCharsets.US_ASCII);
        String body = HlsPlaylist.write(
                timeline,
                (key, offset, length) ->
                        "objects/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?token=" + token);
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
                runStart = s.startMicros();
            }
            runEnd = s.endMicros();
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

    private void clip(RoutingContext ctx) throws IOException {
        Range r = range(ctx);
        Timeline timeline = timeline(r);
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "video/mp4")
                .putHeader(
                        "Content-Disposition",
                        "attachment; filename=\"" + r.camera + "-"
                                + r.from.toString().replace(':', '-') + ".mp4\"");
        try (ClipExporter.ClipStream in = clips.open(timeline)) {
            pump(in, response, Long.MAX_VALUE);
            if (in.truncated()) {
                LOG.infof("clip of camera %s stops early: the camera's stream changed format in the range", r.camera);
            }
        }
        response.end();
    }

    private void object(RoutingContext ctx) throws IOException {
        String camera = ctx.pathParam("cameraId");
        TokenClaims claims = tokens.verify(ctx.queryParams().get("token"), TokenKind.RECORDED, camera);
        String key = ctx.pathParam("key");
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
        Optional<ObjectInfo> info = store.head(key);
        if (info.isEmpty()) {
            throw HttpProblem.notFound("No such recording object.");
        }
        long size = info.get().size();
        long start = 0;
        long end = size - 1;
        String rangeHeader = ctx.request().getHeader("Range");
        HttpServerResponse response = ctx.response();
        if (rangeHeader != null) {
            long[] br = byteRange(rangeHeader, size);
            if (br == null) {
                response.putHeader("Content-Range", "bytes */" + size);
                throw new HttpProblem(416, "range", "Range Not Satisfiable", "Byte range outside the object.");
            }
            start = br[0];
            end = br[1];
            response.setStatusCode(206).putHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        long length = end - start + 1;
        response.putHeader("Content-Type", "video/mp4")
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("Cache-Control", "private, max-age=86400")
                .putHeader("Content-Length", Long.toString(length));
        try (InputStream in = store.open(key, start, length)) {
            pump(in, response, length);
        }
        response.end();
    }

    /** Copies a stream to the response in chunks, waiting for each write so a slow player holds no big buffer. */
    private static void pump(InputStream in, HttpServerResponse response, long limit) throws IOException {
        byte[] buf = new byte[CHUNK];
        long left = limit;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            left -= n;
            response.write(Buffer.buffer().appendBytes(buf, 0, n))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join();
        }
    }

    /** A single {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} range inside the object, else null. */
    static long[] byteRange(String header, long size) {
        if (!header.startsWith("bytes=") || header.indexOf(',') >= 0 || size == 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            long start;
            long end;
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(spec.substring(0, dash));
                end = dash == spec.length() - 1
                        ? size - 1
                        : Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
            }
            return start < 0 || start > end || start >= size ? null : new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Timeline timeline(Range r) throws IOException {
        Timeline timeline = index.timeline(r.camera, r.from, r.to);
        if (timeline.isEmpty()) {
            throw HttpProblem.notFound("No recordings of this camera between " + r.from + " and " + r.to + ".");
        }
        return timeline;
    }

    /** The checked camera, range and token of a recorded-playback request. */
    private record Range(String camera, Instant from, Instant to, String token) {}

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
        return new Range(camera, from, to, token);
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
