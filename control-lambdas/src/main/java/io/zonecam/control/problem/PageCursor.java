package io.zonecam.control.problem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * PageCursor is the opaque position of keyset pagination over rows ordered by a time and an id (cameras and share
 * links by creation, events by occurrence): the time and id of the last row returned, in microseconds as PostgreSQL
 * keeps them. A cursor that does not decode is a 400 naming {@code cursor}.
 */
public record PageCursor(Instant at, UUID id) {

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + "_" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor in {@code text}, null when absent or empty, or a 400 problem. */
    public static PageCursor decode(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            int sep = s.indexOf('_');
            long micros = Long.parseLong(s.substring(0, sep));
            return new PageCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), UUID.fromString(s.substring(sep + 1)));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
