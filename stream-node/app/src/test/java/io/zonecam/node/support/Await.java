package io.zonecam.node.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Await keeps the app tests' argument order (timeout first) for the shared {@link io.zonecam.testing.Await}, which
 * does the waiting: a condition is polled until a deadline, never a fixed sleep. New tests use the shared one.
 */
public final class Await {

    private Await() {}

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        io.zonecam.testing.Await.until(what, timeout, condition);
    }
}
