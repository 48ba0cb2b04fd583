package io.zonecam.sim.camera;

import io.zonecam.sim.publish.ConnectionConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SimConfig holds the simulator's knobs.
 *
 * @param threads        event loop threads shared by all cameras (sockets, pacing and timers of a camera all run on
 *                       one of them)
 * @param tick           pacing period: each tick sends every frame that is due; a longer tick means fewer, larger
 *                       writes (a real camera also sends in bursts)
 * @param overlap        after a move, how long the old session keeps receiving frames once the new one has its first
 *                       keyframe, before it is unpublished
 * @param reconnectMin   first reconnect delay; doubles per failure
 * @param reconnectMax   longest reconnect delay
 * @param maxLag         a camera further behind its schedule than this skips frames instead of bursting
 * @param randomStart    start each camera at a random GOP of the clip, so keyframes of many cameras do not line up
 * @param connection     per-connection limits
 */
public record SimConfig(
        int threads,
        Duration tick,
        Duration overlap,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration maxLag,
        boolean randomStart,
        ConnectionConfig connection) {

    public SimConfig {
        if (threads < 1
                || tick.toMillis() < 1
                || overlap.isNegative()
                || reconnectMin.toMillis() < 1
                || reconnectMax.compareTo(reconnectMin) < 0
                || maxLag.toMillis() < 1) {
            throw new IllegalArgumentException("invalid simulator config " + this);
        }
    }

    /** Defaults: one thread, 20 ms ticks, 1 s overlap, reconnect 0.5–30 s, 5 s lag limit, random start GOP. */
    public static SimConfig defaults() {
        return new SimConfig(
                1,
                Duration.ofMillis(20),
                Duration.ofSeconds(1),
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                true,
                ConnectionConfig.defaults());
    }

    public SimConfig withThreads(int n) {
        return new SimConfig(n, tick, overlap, reconnectMin, reconnectMax, maxLag, randomStart, connection);
    }

    public SimConfig withTick(Duration d) {
        return new SimConfig(threads, d, overlap, reconnectMin, reconnectMax, maxLag, randomStart, connection);
    }

    public SimConfig withOverlap(Duration d) {
        return new SimConfig(threads, tick, d, reconnectMin, reconnectMax, maxLag, randomStart, connection);
    }

    public SimConfig withReconnect(Duration min, Duration max) {
        return new SimConfig(threads, tick, overlap, min, max, maxLag, randomStart, connection);
    }

    public SimConfig withRandomStart(boolean b) {
        return new SimConfig(threads, tick, overlap, reconnectMin, reconnectMax, maxLag, b, connection);
    }

    public SimConfig withConnection(ConnectionConfig c) {
        return new SimConfig(threads, tick, overlap, reconnectMin, reconnectMax, maxLag, randomStart, c);
    }

    /**
     * The wait before reconnect attempt {@code failures} (1 for the first): {@code reconnectMin} doubled per failure
     * up to {@code reconnectMax}, with ±20 % jitter so a herd of cameras cut off together does not return together.
     */
    public long reconnectDelayMillis(int failures) {
        long delay = Math.min(reconnectMax.toMillis(), reconnectMin.toMillis() << Math.min(20, failures - 1));
        return (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
    }
}
