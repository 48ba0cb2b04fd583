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
}
