package io.zonecam.node.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.node.live.LiveService;
import io.zonecam.node.live.WhepRoutes;
import io.zonecam.node.report.ControlPlaneReports;
import io.zonecam.node.report.ReportChannel;
import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.model.AccessRecord;
import io.zonecam.sdk.model.AccessRecords;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * AccessLog reports who actually watched: a record per WHEP session (start, end, bytes sent) and, for HLS, clips and
 * pictures, one record per token, kind and window of {@link #WINDOW_MILLIS} (a player fetching a segment every 2 s
 * makes one record a minute, not thirty), with the bytes of every response in it. It watches the node's routes from
 * outside them: a first route handler notes, when each response ends, a successful answer to a playback path with
 * the id ({@code jti}) of the token it carried (verified by the route, since it succeeded). Records go to the control
 * plane through a {@link ReportChannel} ({@code POST /v1/nodes/{id}/access}); nothing here blocks a request: a route
 * only adds to an in-memory aggregate (bounded: beyond {@link #MAX_OPEN} the access is counted, not recorded), and a
 * housekeeping thread closes windows and offers them to the channel, which queues them through control-plane
 * outages up to {@link #CAPACITY} records.
 */
@ApplicationScoped
public class AccessLog {

    private static final Logger LOG = Logger.getLogger(AccessLog.class);

    /** Kinds of access, as the control plane names them. */
    public enum Kind {
        LIVE,
        RECORDED,
        CLIP,
        SNAPSHOT,
        THUMBNAIL
    }

    /** One aggregation window of a token's requests of one kind. */
    static final long WINDOW_MILLIS = 60_000;
    /** Open aggregates and live sessions at most (about 200 B each). */
    static final int MAX_OPEN = 100_000;
    /** Records queued for the control plane at most: an outage of about an hour at 1,000 viewers. */
    static final int CAPACITY = 100_000;
    /** Records per call, the endpoint's maximum. */
    static final int MAX_BATCH = 500;
    /** Before every other route handler, so the end of every response is seen. */
    static final int ORDER = -900;

    private final Map<Key, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Window> sessions = new ConcurrentHashMap<>();
    private final Consumer<AccessRecord> out;
    private final LongSupplier clock;
    private final Counter overflow;
    private final ScheduledExecutorService housekeeping;

    @Inject
    public AccessLog(ControlPlaneReports reports, LiveService live, MeterRegistry registry) {
        this(channel(reports)::offer, System::currentTimeMillis, registry, true);
        live.onViewerEnded(e -> liveEnded(e.viewerId(), e.bytesSent()));
    }

    AccessLog(Consumer<AccessRecord> out, LongSupplier clock, MeterRegistry registry, boolean housekeep) {
        this.out = out;
        this.clock = clock;
        this.overflow = Counter.builder("zonecam.access.overflow")
                .description("Accesses not recorded: too many open aggregates")
                .register(registry);
        this.housekeeping = housekeep
                ? Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("zonecam-access").daemon().factory())
                : null;
        if (housekeeping != null) {
            housekeeping.scheduleWithFixedDelay(this::housekeep, 5, 5, TimeUnit.SECONDS);
        }
    }

    private void housekeep() {
        try {
            closeWindows(false);
        } catch (RuntimeException e) {
            // A failed pass must not cancel the schedule; the windows stay and go with the next pass.
            LOG.warn("access housekeeping failed", e);
        }
    }

    private static ReportChannel<AccessRecord> channel(ControlPlaneReports reports) {
        return reports.channel(
                "access",
                CAPACITY,
                MAX_BATCH,
                (nodeId, batch) -> new NodesApi(reports.client().orElseThrow())
                        .reportAccess(nodeId, new AccessRecords().records(batch)));
    }

    void routes(@Observes Router router) {
        router.route().order(ORDER).handler(ctx -> {
            ctx.addEndHandler(done -> ended(ctx));
            ctx.next();
        });
    }

    /** Counts a playback response that ended (on the event loop: parsing only, no I/O). */
    private void ended(RoutingContext ctx) {
        int status = ctx.response().getStatusCode();
        if (status < 200 || status > 299) {
            return;
        }
        PlaybackPath p =
                PlaybackPath.of(ctx.request().method().name(), ctx.request().path());
        if (p == null) {
            return;
        }
        UUID tokenId = TokenIds.of(
                p.kind() == Kind.LIVE
                        ? WhepRoutes.bearer(ctx)
                        : ctx.queryParams().get("token"));
        if (tokenId == null) {
            return;
        }
        String address = address(ctx);
        if (p.kind() == Kind.LIVE) {
            String location = ctx.response().headers().get("Location");
            if (location != null) {
                liveStarted(location.substring(location.lastIndexOf('/') + 1), p.cameraId(), tokenId, address);
            }
            return;
        }
        add(p.kind(), p.cameraId(), tokenId, address, ctx.response().bytesWritten());
    }

    /** A WHEP session began: recorded when it ends ({@link #liveEnded}). */
    void liveStarted(String viewerId, UUID cameraId, UUID tokenId, String clientAddress) {
        if (sessions.size() + windows.size() >= MAX_OPEN) {
            overflow.increment();
            return;
        }
        sessions.put(viewerId, new Window(Kind.LIVE, cameraId, tokenId, clientAddress, clock.getAsLong()));
    }

    /** A WHEP session ended after {@code bytes} were sent. */
    void liveEnded(String viewerId, long bytes) {
        Window w = sessions.remove(viewerId);
        if (w != null) {
            w.add(bytes, clock.getAsLong());
            emit(w);
        }
    }

    void add(Kind kind, UUID cameraId, UUID tokenId, String address, long bytes) {
        long now = clock.getAsLong();
        Key key = new Key(kind, cameraId, tokenId);
        if (!windows.containsKey(key) && sessions.size() + windows.size() >= MAX_OPEN) {
            overflow.increment();
            return;
        }
        windows.compute(key, (k, w) -> {
            Window open = w == null ? new Window(kind, cameraId, tokenId, address, now) : w;
            open.add(bytes, now);
            return open;
        });
    }

    /** Offers the windows that are over (all of them, and the open live sessions too, when {@code all}). */
    void closeWindows(boolean all) {
        long now = clock.getAsLong();
        Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Window> e = it.next();
            if (all || now - e.getValue().startedAt >= WINDOW_MILLIS) {
                // remove(key, value): an add racing with this either lands before (and is sent) or opens a new window.
                if (windows.remove(e.getKey(), e.getValue())) {
                    emit(e.getValue());
                }
            }
        }
        if (all) {
            sessions.keySet().forEach(id -> liveEnded(id, 0));
        }
    }

    private void emit(Window w) {
        AccessRecord record;
        synchronized (w) {
            record = new AccessRecord()
                    .id(UUID.randomUUID())
                    .tokenId(w.tokenId)
                    .cameraId(w.cameraId)
                    .kind(AccessRecord.KindEnum.fromValue(w.kind.name().toLowerCase(Locale.ROOT)))
                    .startedAt(Instant.ofEpochMilli(w.startedAt).atOffset(ZoneOffset.UTC))
                    .endedAt(Instant.ofEpochMilli(Math.max(w.endedAt, w.startedAt))
                            .atOffset(ZoneOffset.UTC))
                    .bytes(w.bytes)
                    .clientAddress(w.clientAddress);
        }
        out.accept(record);
    }

    private static String address(RoutingContext ctx) {
        // The TCP peer: the node trusts no proxy header (X-Forwarded-For), as the control plane does not.
        var remote = ctx.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    /** Before the report channels flush at shutdown (they observe it at the default priority). */
    void stop(@Observes @Priority(1000) ShutdownEvent event) {
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        // Before the report channels flush (they wait for a few seconds at shutdown).
        closeWindows(true);
    }

    private record Key(Kind kind, UUID cameraId, UUID tokenId) {}

    /** An open aggregate: first and last access, bytes, and the first client address seen. */
    private static final class Window {
        final Kind kind;
        final UUID cameraId;
        final UUID tokenId;
        final String clientAddress;
        final long startedAt;
        long endedAt;
        long bytes;

        Window(Kind kind, UUID cameraId, UUID tokenId, String clientAddress, long startedAt) {
            this.kind = kind;
            this.cameraId = Objects.requireNonNull(cameraId);
            this.tokenId = Objects.requireNonNull(tokenId);
            this.clientAddress = clientAddress;
            this.startedAt = startedAt;
            this.endedAt = startedAt;
        }

        synchronized void add(long moreBytes, long at) {
            bytes += moreBytes;
            endedAt = Math.max(endedAt, at);
        }
    }
}
