package io.zonecam.node.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * ResponsePump copies an {@link InputStream} (a recording from the object store) to an HTTP response without holding
 * a thread while the client reads.
 *
 * <p>Each chunk is read on a worker (store reads may block on S3, never on the client) and written on the request's
 * event loop; when the response's write queue is full the next read waits for its drain handler. So a slow client
 * costs one chunk of memory plus the connection's write queue and no thread, and reads from the store follow the
 * client's pace (backpressure). A client that takes nothing for the stall timeout is cut off, so it cannot hold its
 * place forever.
 *
 * <p>Create and {@link #start()} it on the request's event loop; everything after runs there, one step at a time.
 */
public final class ResponsePump {

    private static final Logger LOG = Logger.getLogger(ResponsePump.class);
    static final int CHUNK = 64 * 1024;

    private final Context context;
    private final InputStream in;
    private final HttpServerResponse response;
    private final long stallMillis;
    private final Runnable onDone;
    private final boolean untilEnd;
    private final AtomicBoolean done = new AtomicBoolean();
    private long left;
    private long stallTimer = -1;

    /**
     * @param vertx        the node's Vert.x
     * @param in           what to send; closed when the pump ends
     * @param response     the response, its status and headers set, not yet written
     * @param length       bytes to send, or {@link Long#MAX_VALUE} for all of {@code in} (chunked)
     * @param stallTimeout how long the client may take nothing before the connection is cut
     * @param onDone       run once when the pump ends, however it ends
     */
    public ResponsePump(
            Vertx vertx,
            InputStream in,
            HttpServerResponse response,
            long length,
            Duration stallTimeout,
            Runnable onDone) {
        this.context = vertx.getOrCreateContext();
        this.in = in;
        this.response = response;
        this.left = length;
        this.untilEnd = length == Long.MAX_VALUE;
        this.stallMillis = Math.max(1, stallTimeout.toMillis());
        this.onDone = onDone;
    }

    /** Starts sending; returns at once. */
    public void start() {
        response.closeHandler(v -> finish(false));
        response.exceptionHandler(e -> finish(false));
        readNext();
    }

    private void readNext() {
        if (done.get()) {
            return;
        }
        int want = (int) Math.min(CHUNK, left);
        context.<byte[]>executeBlocking(() -> in.readNBytes(want), false).onComplete(read -> {
            if (done.get()) {
                return;
            }
            if (read.failed()) {
                LOG.warnf(
                        "recording stream failed after the response started: %s",
                        read.cause().toString());
                response.reset();
                finish(false);
                return;
            }
            byte[] bytes = read.result();
            if (bytes.length > 0) {
                left -= bytes.length;
                response.write(Buffer.buffer(bytes));
            }
            if (bytes.length < want && !untilEnd) {
                // The store had less than the Content-Length promised: cut the connection so the client knows.
                LOG.warnf("recording stream ended %d bytes early", left);
                response.reset();
                finish(false);
            } else if (bytes.length < want || left == 0) {
                finish(true);
            } else if (response.writeQueueFull()) {
                awaitDrain();
            } else {
                readNext();
            }
        });
    }

    /** The client is slower than the store: read on only when it took what is queued, or cut it after the stall. */
    private void awaitDrain() {
        stallTimer = context.owner().setTimer(stallMillis, id -> {
            LOG.infof("cutting a recording download: the client took nothing for %d ms", stallMillis);
            response.reset();
            finish(false);
        });
        response.drainHandler(v -> {
            response.drainHandler(null);
            context.owner().cancelTimer(stallTimer);
            readNext();
        });
    }

    private void finish(boolean complete) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (stallTimer >= 0) {
            context.owner().cancelTimer(stallTimer);
        }
        if (complete && !response.ended() && !response.closed()) {
            response.end();
        }
        context.executeBlocking(
                () -> {
                    closeQuietly(in);
                    return null;
                },
                false);
        onDone.run();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debugf("closing a recording stream: %s", e.toString());
        }
    }
}
