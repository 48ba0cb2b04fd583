package io.zonecam.control.problem;

import java.util.UUID;

/** Ids parses identifiers from paths and queries, answering 400 (not 404) when one is malformed. */
public final class Ids {

    private Ids() {}

    /** The UUID in {@code value}, or a 400 problem naming the parameter. */
    public static UUID uuid(String parameter, String value) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the problem below
        }
        throw ProblemException.invalid(parameter, "must be a UUID");
    }
}
