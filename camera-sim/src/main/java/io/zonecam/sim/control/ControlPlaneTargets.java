package io.zonecam.sim.control;

import io.zonecam.ingest.IngestProtocol;
import io.zonecam.sdk.model.DeviceToken;
import io.zonecam.sim.camera.TargetSource;
import io.zonecam.sim.publish.PublishTarget;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * ControlPlaneTargets gives cameras their publish targets from device tokens: a fresh token on every reconnect (so a
 * camera whose node died learns its new node), renewal of each token before it expires, and — when the control
 * plane is unreachable — the last token that is still valid, because the data path must not wait on the control
 * plane (DESIGN.md principle 1).
 */
public final class ControlPlaneTargets implements TargetSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlPlaneTargets.class);

    private final ControlPlane controlPlane;
    private final IngestProtocol protocol;
    private final ScheduledExecutorService executor;
    private final Map<String, Entry> cameras = new ConcurrentHashMap<>();
    private final LongAdder renewals = new LongAdder();
    private final LongAdder failures = new LongAdder();

    private static final class Entry {
        final CameraCredentials credentials;
        volatile DeviceToken token;
        volatile java.util.concurrent.ScheduledFuture<?> renewal;

        Entry(CameraCredentials credentials) {
            this.credentials = credentials;
        }
    }

    /**
     * @param threads concurrent control-plane calls (registration storms after a node crash are paced by this)
     */
    public ControlPlaneTargets(ControlPlane controlPlane, IngestProtocol protocol, int threads) {
        this.controlPlane = controlPlane;
        this.protocol = protocol;
        this.executor = Executors.newScheduledThreadPool(
                threads,
                Thread.ofPlatform().name("camera-sim-control-", 1).daemon().factory());
    }

    /** Adds a camera and fetches its first token; the future gives its first target. */
    public CompletableFuture<PublishTarget> add(CameraCredentials c) {
        cameras.put(c.cameraId(), new Entry(c));
        return fetch(c.cameraId());
    }

    @Override
    public CompletableFuture<PublishTarget> next(String cameraId, PublishTarget last, String failure) {
        Entry e = cameras.get(cameraId);
        if (e == null) {
            return CompletableFuture.completedFuture(last);
        }
        return fetch(cameraId).exceptionallyCompose(err -> {
            DeviceToken t = e.token;
            if (t != null && t.getExpiresAt().toInstant().isAfter(Instant.now().plusSeconds(10))) {
                LOG.debugf(
                        "camera %s: control plane unavailable (%s); reusing the current token",
                        cameraId, err.getMessage());
                return CompletableFuture.completedFuture(targetOf(t));
            }
            return CompletableFuture.failedFuture(err);
        });
    }

    /** The latest target known for a camera, or null. */
    public PublishTarget current(String cameraId) {
        Entry e = cameras.get(cameraId);
        DeviceToken t = e == null ? null : e.token;
        return t == null ? null : targetOf(t);
    }

    /** Tokens renewed before expiry so far. */
    public long renewals() {
        return renewals.sum();
    }

    /** Failed token requests so far. */
    public long failures() {
        return failures.sum();
    }

    private CompletableFuture<PublishTarget> fetch(String cameraId) {
        Entry e = cameras.get(cameraId);
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        DeviceToken t = controlPlane.deviceToken(e.credentials);
                        e.token = t;
                        scheduleRenewal(e, t);
                        return targetOf(t);
                    } catch (Exception ex) {
                        failures.increment();
                        throw new java.util.concurrent.CompletionException(
                                new java.io.IOException("device token for " + cameraId + ": " + ex.getMessage(), ex));
                    }
                },
                executor);
    }

    /** Renews at 80% of the token's life (at least 10 s before expiry), retrying every 30 s on failure. */
    private void scheduleRenewal(Entry e, DeviceToken t) {
        if (e.renewal != null) {
            e.renewal.cancel(false);
        }
        Duration left = Duration.between(Instant.now(), t.getExpiresAt().toInstant());
        long delay = Math.max(1000, Math.min(left.toMillis() * 4 / 5, left.toMillis() - 10_000));
        e.renewal = executor.schedule(() -> renew(e), delay, TimeUnit.MILLISECONDS);
    }

    private void renew(Entry e) {
        try {
            DeviceToken t = controlPlane.deviceToken(e.credentials);
            e.token = t;
            renewals.increment();
            scheduleRenewal(e, t);
        } catch (Exception ex) {
            failures.increment();
            LOG.warnf(
                    "camera %s: token renewal failed (%s); retrying in 30 s",
                    e.credentials.cameraId(), ex.getMessage());
            e.renewal = executor.schedule(() -> renew(e), 30, TimeUnit.SECONDS);
        }
    }

    private PublishTarget targetOf(DeviceToken t) {
        String url = protocol == IngestProtocol.RTMP ? t.getRtmpUrl() : t.getRtspUrl();
        return new PublishTarget(
                URI.create(url), null, "node " + t.getNodeId() + " (" + PublishTarget.redact(URI.create(url)) + ")");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
