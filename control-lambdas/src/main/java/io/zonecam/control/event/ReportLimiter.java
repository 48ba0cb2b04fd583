package io.zonecam.control.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonecam.control.config.ZonecamConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * ReportLimiter bounds the events one camera may report ({@code zonecam.events.reports-per-camera-per-minute}, in
 * windows of a minute), so a camera flooding motion events fills neither the table nor its owner's webhooks; refusals
 * are counted in {@code zonecam_events_reports_refused_total}. Like the claim throttle it lives in each instance's
 * memory: exact for one server, at most the limit times the warm instances on Lambda.
 */
@Singleton
public class ReportLimiter {

    private static final long WINDOW_NANOS = 60_000_000_000L;
    /** Above this many cameras, windows that ended are forgotten. */
    private static final int MAX_CAMERAS = 100_000;

    private final int perWindow;
    private final LongSupplier nanos;
    private final Counter refused;
    private final Map<UUID, long[]> windows = new ConcurrentHashMap<>();

    @Inject
    public ReportLimiter(ZonecamConfig config, MeterRegistry registry) {
        this(config.events().reportsPerCameraPerMinute(), System::nanoTime, registry);
    }

    ReportLimiter(int perWindow, LongSupplier nanos, MeterRegistry registry) {
        this(
                perWindow,
                nanos,
                registry,
                "zonecam.events.reports.refused",
                "Camera-reported events refused by the per-camera rate limit");
    }

    private ReportLimiter(int perWindow, LongSupplier nanos, MeterRegistry registry, String meter, String description) {
        this.perWindow = perWindow;
        this.nanos = nanos;
        this.refused = Counter.builder(meter).description(description).register(registry);
    }

    /** A limiter of another kind of report (e.g. per node), {@code perMinute} per key, refusals counted in {@code meter}. */
    public static ReportLimiter perMinute(int perMinute, MeterRegistry registry, String meter, String description) {
        return new ReportLimiter(perMinute, System::nanoTime, registry, meter, description);
    }

    /** Takes one report of the camera (or other key): true when it is within the camera's limit, false (and counted) otherwise. */
    public boolean admit(UUID key) {
        long now = nanos.getAsLong();
        if (windows.size() > MAX_CAMERAS) {
            windows.values().removeIf(w -> now - w[0] >= WINDOW_NANOS);
        }
        long[] window = windows.compute(key, (id, w) -> {
            if (w == null || now - w[0] >= WINDOW_NANOS) {
                return new long[] {now, 1};
            }
            return new long[] {w[0], w[1] + 1};
        });
        if (window[1] > perWindow) {
            refused.increment();
            return false;
        }
        return true;
    }
}
