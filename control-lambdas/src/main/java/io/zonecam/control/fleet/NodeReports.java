package io.zonecam.control.fleet;

import io.zonecam.control.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;

/**
 * NodeReports is the window of time a stream node may report in (camera events, access records); the reporting node
 * itself is looked up with {@link FleetService#nodeOfZone}.
 */
public final class NodeReports {

    /** A report may be this late (a node sending its backlog after an outage)... */
    public static final Duration MAX_AGE = Duration.ofDays(7);
    /** ...and this early (clock skew between node and control plane). */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private NodeReports() {}

    /** Refuses {@code at}, the reported time named {@code field}, with a 400 unless it lies in the window. */
    public static void checkTime(String field, Instant at, Instant now) {
        if (at.isBefore(now.minus(MAX_AGE)) || at.isAfter(now.plus(MAX_AHEAD))) {
            throw ProblemException.invalid(field, "must be within the last 7 days and at most 5 minutes ahead");
        }
    }
}
