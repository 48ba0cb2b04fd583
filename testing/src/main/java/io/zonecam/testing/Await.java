package io.zonecam.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Await waits for a condition by polling it until it holds or a deadline passes: tests wait for what they need,
 * never for a fixed time. The failure names what was awaited and, for {@link #value}, the last value or error seen.
 */
public final class Await {

    /** First pause between two polls: short against the conditions awaited (frames, packets, processes). */
    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(5).toNanos();
    /** The pause doubles up to this, so a long wait on an expensive probe (an HTTP call) stays cheap on 2 cores. */
    private static final long MAX_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

    private Await() {}

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            pause = pause(what, pause);
        }
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value and returns that value; a probe that throws counts as
     * not done. Fails after {@code timeout} with {@code what} and the last value or error.
     */
    public static <T> T value(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for: " + what
                        + (lastError != null ? "; last error: " + lastError : "; last value: " + last));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            pause = pause(what, pause);
        }
    }

    /** Pauses between two polls; returns the next pause. */
    private static long pause(String what, long nanos) {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for: " + what);
        }
        return Math.min(MAX_PAUSE_NANOS, nanos * 2);
    }
}
