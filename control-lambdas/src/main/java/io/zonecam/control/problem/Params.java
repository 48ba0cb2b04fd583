package io.zonecam.control.problem;

/**
 * Params reads query parameters that are numbers. JAX-RS answers 404 when a query parameter does not convert (a
 * {@code @QueryParam int} given {@code abc}); taking the text and reading it here answers 400 naming the parameter.
 */
public final class Params {

    private Params() {}

    /** The integer in {@code raw} (absent: {@code absent}) within {@code [min, max]}, or a 400 problem. */
    public static int integer(String name, String raw, int absent, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return absent;
        }
        int value;
        try {
            value = raw.length() > 11 ? Integer.MIN_VALUE : Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            value = Integer.MIN_VALUE;
        }
        if (value < min || value > max) {
            throw ProblemException.invalid(name, "must be an integer between " + min + " and " + max);
        }
        return value;
    }

    /** The text parameter {@code raw} (may be absent) checked as {@link Text}: at most {@code max} characters. */
    public static String text(String name, String raw, int max) {
        if (raw == null) {
            return null;
        }
        String problem = TextValidator.problem(raw, 0, max);
        if (problem != null) {
            throw ProblemException.invalid(name, problem);
        }
        return raw;
    }

    /** An RFC 3339 date-time query parameter (may be absent: null) from 2000 on, or a 400 problem. */
    public static java.time.Instant time(String name, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() <= 40 && StrictTimes.DATE_TIME.matcher(raw).matches()) {
            try {
                java.time.Instant t = java.time.OffsetDateTime.parse(raw.toUpperCase(java.util.Locale.ROOT))
                        .toInstant();
                if (!t.isBefore(EARLIEST)) {
                    return t;
                }
            } catch (java.time.format.DateTimeParseException e) {
                // answered below
            }
        }
        throw ProblemException.invalid(name, "must be an RFC 3339 date-time from 2000-01-01T00:00:00Z on");
    }

    private static final java.time.Instant EARLIEST = java.time.Instant.parse("2000-01-01T00:00:00Z");

    /** A zone id from a path or query ({@code ^[a-z0-9][a-z0-9-]{1,31}$}), or a 400 problem. */
    public static String zone(String name, String raw) {
        if (raw != null && !raw.matches("^[a-z0-9][a-z0-9-]{1,31}$")) {
            throw ProblemException.invalid(name, "must be a zone id: 2-32 of a-z, 0-9 and '-'");
        }
        return raw;
    }
}
