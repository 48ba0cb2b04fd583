package io.zonecam.node.playback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.media.MediaFormatException;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.http.HttpProblem;
import io.zonecam.node.http.Problems;
import io.zonecam.node.http.ResponsePump;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Downloads sends recording bytes (objects and clips): at most a few at once per playback token (429 beyond), opened
 * on a worker, then streamed by a {@link ResponsePump} that holds no thread while the client reads.
 */
@ApplicationScoped
public class Downloads {

    private static final Logger LOG = Logger.getLogger(Downloads.class);

    /**
     * Body is an opened download.
     *
     * @param status  200 or 206
     * @param headers response headers (type, ranges, caching)
     * @param in      the bytes; closed when sent or abandoned
     * @param length  bytes to send ({@code Content-Length}), or {@link Long#MAX_VALUE} for all of {@code in}, chunked
     */
    record Body(int status, Map<String, String> headers, InputStream in, long length) {}

    private final StreamLimiter limiter;
    private final Duration stallTimeout;
    private final Counter refused;

    public Downloads(NodeConfig config, MeterRegistry registry) {
        this.limiter = new StreamLimiter(config.playback().maxStreamsPerToken());
        this.stallTimeout = config.playback().stallTimeout();
        this.refused = Counter.builder("zonecam.playback.streams.refused")
                .description("Recording downloads refused: the token had the most it may open")
                .register(registry);
        Gauge.builder("zonecam.playback.streams", limiter, StreamLimiter::openStreams)
                .description("Recording downloads being sent")
                .register(registry);
    }

    /**
     * Sends what {@code opener} opens on a worker (it may throw {@link HttpProblem}), counted against
     * {@code tokenId}; call on the request's event loop.
     */
    void send(RoutingContext ctx, String tokenId, Callable<Body> opener) {
        if (!limiter.tryAcquire(tokenId)) {
            refused.increment();
            ctx.response().putHeader("Retry-After", "1");
            Problems.send(
                    ctx,
                    429,
                    "too-many-streams",
                    "Too Many Requests",
                    "This playback token already has " + limiter.maxPerToken()
                            + " downloads open; retry when one has finished.");
            return;
        }
        ctx.vertx().executeBlocking(opener, false).onComplete(opened -> {
            if (opened.failed()) {
                limiter.release(tokenId);
                fail(ctx, opened.cause());
                return;
            }
            Body body = opened.result();
            HttpServerResponse response = ctx.response();
            if (response.closed()) {
                limiter.release(tokenId);
                ctx.vertx().executeBlocking(() -> close(body.in()), false);
                return;
            }
            response.setStatusCode(body.status());
            body.headers().forEach(response::putHeader);
            if (body.length() == Long.MAX_VALUE) {
                response.setChunked(true);
            } else {
                response.putHeader("Content-Length", Long.toString(body.length()));
            }
            new ResponsePump(
                            ctx.vertx(),
                            body.in(),
                            response,
                            body.length(),
                            stallTimeout,
                            () -> limiter.release(tokenId))
                    .start();
        });
    }

    /** Answers a failed playback request: its own problem, or 502 when the store failed. */
    static void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof HttpProblem p) {
            Problems.send(ctx, p);
        } else if (e instanceof MediaFormatException) {
            Problems.send(ctx, 404, "not-found", "Not Found", "This recording object cannot be read.");
        } else {
            LOG.warnf("%s %s failed: %s", ctx.request().method(), ctx.request().path(), e.toString());
            Problems.send(ctx, 502, "storage", "Bad Gateway", "The recordings store did not answer; retry.");
        }
    }

    private static Void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }
}
