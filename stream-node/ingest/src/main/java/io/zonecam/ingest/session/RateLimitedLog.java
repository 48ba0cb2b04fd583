package io.zonecam.ingest.session;

import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * RateLimitedLog writes at most a burst of lines per window and counts the rest, so a flood of bad connections is
 * visible in the log without drowning it (the counters hold the exact numbers).
 */
public final class RateLimitedLog {

    private final Logger log;
    private final int burst;
    private final long windowNanos;
    private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, int burst, long windowMillis) {
        this.log = log;
        this.burst = burst;
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /** Logs at INFO unless the window's burst is used up. */
    public void info(String format, Object... params) {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start > windowNanos && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
            long s = suppressed.getAndSet(0);
            if (s > 0) {
                log.infof(
                        "%d similar log lines suppressed in the last %d ms (see the ingest counters)",
                        s, windowNanos / 1_000_000L);
            }
        }
        if (inWindow.incrementAndGet() <= burst) {
            log.infof(format, params);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
