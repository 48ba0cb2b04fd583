package io.zonecam.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Deadline waits for a condition by polling it until it holds or the time is up, never by sleeping a fixed time. */
final class Deadline {

    private Deadline() {}

    /** Polls {@code probe} until {@code done} accepts its value; fails with {@code what} and the last value or error. */
    static <T> T await(String what, Duration timeout, Callable<T> probe, Predicate<T> done)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
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
            if (System.nanoTime() > end) {
                AssertionError failure = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
                        + what + (lastError != null ? "; last error: " + lastError : "; last value: " + last));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            Thread.sleep(200);
        }
    }
}
