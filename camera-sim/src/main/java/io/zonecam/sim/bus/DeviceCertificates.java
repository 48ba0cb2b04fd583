package io.zonecam.sim.bus;

import io.zonecam.sdk.model.SignedCertificate;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.TrustManager;
import org.jboss.logging.Logger;

/**
 * DeviceCertificates gets every simulated camera its device-bus certificate and keeps it valid: the camera makes its
 * key and CSR ({@link DeviceIdentity}), its {@link Issuer} sends the CSR with the camera's device credentials to the
 * control plane ({@code POST /v1/certificates/camera}), and the same call renews it at about two thirds of its life
 * (7-day certificates: after ~4.7 days), with ±10% jitter so cameras certified together do not renew together.
 * A failed call is retried (every 30 s at most) while the current certificate lives on: a renewal that fails only
 * matters once the certificate expires, and then only at the camera's next connect.
 *
 * <p>Control-plane calls block; they run on this class's few threads, never on an event loop.
 */
public final class DeviceCertificates implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeviceCertificates.class);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** Sends one CSR (PEM) with the camera's credentials and returns the certificate the CA issued. */
    @FunctionalInterface
    public interface Issuer {
        SignedCertificate issue(String csrPem) throws Exception;
    }

    private final TrustManager[] trust;
    private final ScheduledExecutorService executor;
    private final LongAdder issued = new LongAdder();
    private final LongAdder renewed = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder keyCpuNanos = new LongAdder();
    private final LongAdder keysMade = new LongAdder();
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

    /**
     * @param trust   the broker's CA ({@link io.zonecam.contracts.bus.ClientTls#trust(java.nio.file.Path)})
     * @param threads concurrent control-plane calls
     */
    public DeviceCertificates(TrustManager[] trust, int threads) {
        this.trust = trust;
        this.executor = Executors.newScheduledThreadPool(
                threads,
                Thread.ofPlatform().name("camera-sim-certificates-", 1).daemon().factory());
    }

    /** Makes a camera's key and CSR (cheap: see {@link #meanKeyCpuMicros}); it has no certificate yet. */
    public DeviceIdentity newIdentity(String cameraId) {
        long t0 = cpu.getCurrentThreadCpuTime();
        DeviceIdentity identity = new DeviceIdentity(cameraId, trust);
        keyCpuNanos.add(cpu.getCurrentThreadCpuTime() - t0);
        keysMade.increment();
        return identity;
    }

    /**
     * Obtains the identity's first certificate (retrying until it has one), then keeps renewing it. The future
     * completes with the identity once it holds a certificate.
     */
    public CompletableFuture<DeviceIdentity> certify(DeviceIdentity identity, Issuer issuer) {
        CompletableFuture<DeviceIdentity> ready = new CompletableFuture<>();
        executor.execute(() -> request(identity, identity.csr(), issuer, ready, 0));
        return ready;
    }

    /** {@link #newIdentity} and {@link #certify} in one. */
    public CompletableFuture<DeviceIdentity> obtain(String cameraId, Issuer issuer) {
        return certify(newIdentity(cameraId), issuer);
    }

    private void request(
            DeviceIdentity identity, String csr, Issuer issuer, CompletableFuture<DeviceIdentity> ready, int attempt) {
        if (executor.isShutdown()) {
            return;
        }
        try {
            SignedCertificate c = issuer.issue(csr);
            identity.install(c.getCertificate(), c.getCaCertificate());
            (ready.isDone() ? renewed : issued).increment();
            ready.complete(identity);
            schedule(identity, csr, issuer, ready, renewalDelay(identity.notAfter()), 0);
        } catch (Exception e) {
            failures.increment();
            Duration retry = retryDelay(identity.notAfter(), attempt);
            LOG.warnf(
                    "camera %s: device-bus certificate %s failed (%s); retrying in %d s",
                    identity.cameraId(), ready.isDone() ? "renewal" : "request", e.getMessage(), retry.toSeconds());
            schedule(identity, csr, issuer, ready, retry, attempt + 1);
        }
    }

    private void schedule(
            DeviceIdentity identity,
            String csr,
            Issuer issuer,
            CompletableFuture<DeviceIdentity> ready,
            Duration delay,
            int attempt) {
        if (!executor.isShutdown()) {
            executor.schedule(
                    () -> request(identity, csr, issuer, ready, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Two thirds of the remaining life, ±10%, at least a second. */
    static Duration renewalDelay(Instant notAfter) {
        long left = Math.max(0, Duration.between(Instant.now(), notAfter).toMillis());
        double jitter = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1000, (long) (left * 2 / 3 * jitter)));
    }

    /** Doubling from a second up to 30 s, and never later than a quarter of what is left of a current certificate. */
    static Duration retryDelay(Instant notAfter, int attempt) {
        Duration d = Duration.ofSeconds(1L << Math.min(attempt, 5));
        if (d.compareTo(MAX_RETRY) > 0) {
            d = MAX_RETRY;
        }
        if (notAfter != null) {
            Duration quarter = Duration.between(Instant.now(), notAfter).dividedBy(4);
            if (quarter.compareTo(d) < 0) {
                d = quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
            }
        }
        return d;
    }

    /** Cameras certified so far. */
    public long issued() {
        return issued.sum();
    }

    /** Renewals so far. */
    public long renewed() {
        return renewed.sum();
    }

    /** Failed requests and renewals so far. */
    public long failures() {
        return failures.sum();
    }

    /** Mean CPU time of making one camera's key and CSR, in microseconds (0 before the first). */
    public long meanKeyCpuMicros() {
        long n = keysMade.sum();
        return n == 0 ? 0 : keyCpuNanos.sum() / n / 1000;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
