package io.zonecam.node.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PerCameraRate admits at most {@code limit} messages per key (a camera's topic) in each fixed window, so one noisy
 * camera cannot take the room others need. Memory is one counter per key heard in the current window.
 */
final class PerCameraRate {

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long windowStart;

    PerCameraRate(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.windowStart = clock.millis();
    }

    boolean admit(String key) {
        long now = clock.millis();
        if (now - windowStart >= windowMillis) {
            synchronized (this) {
                if (now - windowStart >= windowMillis) {
                    counts.clear();
                    windowStart = now;
                }
            }
        }
        return counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= limit;
    }
}
