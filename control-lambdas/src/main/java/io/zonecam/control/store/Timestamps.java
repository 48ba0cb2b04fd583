package io.zonecam.control.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps gives the time to store: microsecond precision, as PostgreSQL keeps it, so a value reads back equal. */
public final class Timestamps {

    private Timestamps() {}

    /** Now, truncated to microseconds. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
