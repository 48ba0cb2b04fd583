package io.zonecam.control.security;

import io.zonecam.control.problem.ProblemException;

/**
 * ClaimCodes is the rule a claim code must meet: at least {@value #MIN_SYMBOLS} letters or digits, optionally
 * grouped by single hyphens ({@code 7KQ2-94XD-PLM3}), at most 64 characters, with at least {@value #MIN_DISTINCT}
 * different symbols. Generated as intended (random symbols of a 32-symbol alphabet such as Crockford's base32), ten
 * symbols hold 50 bits: out of reach of guessing at the claim throttle's pace ({@code camera.ClaimThrottle}). A
 * 6-character code (31 bits) or {@code AAAAAAAAAA} is refused when provisioned and when claimed.
 */
public final class ClaimCodes {

    /** Fewest letters and digits. */
    public static final int MIN_SYMBOLS = 10;
    /** Fewest different symbols (refuses {@code 0000000000}, {@code ABABABABAB}). */
    public static final int MIN_DISTINCT = 5;
    /** The shape, for bean validation: letters and digits, single hyphens between them, 10 symbols at least. */
    public static final String PATTERN = "^[A-Za-z0-9](-?[A-Za-z0-9]){9,}$";

    public static final String MESSAGE =
            "must be at least 10 letters or digits (single hyphens may group them) with at least 5 different ones";

    private ClaimCodes() {}

    /** True when the code's symbols are varied enough (its shape is checked by {@link #PATTERN}). */
    public static boolean varied(String code) {
        return code == null
                || code.chars()
                                .filter(Character::isLetterOrDigit)
                                .map(Character::toUpperCase)
                                .distinct()
                                .count()
                        >= MIN_DISTINCT;
    }

    /** A 400 problem for the field unless the code's symbols are varied enough. */
    public static void requireVaried(String field, String code) {
        if (!varied(code)) {
            throw ProblemException.invalid(field, MESSAGE);
        }
    }
}
