package io.zonecam.node.pictures;

import io.vertx.core.MultiMap;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.node.http.HttpProblem;
import io.zonecam.pictures.image.ImageFormat;
import io.zonecam.pictures.image.ImageSize;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * PictureParams reads the query of a picture request; anything but the values the contract names is a 400, so a
 * typo never silently gives another picture than the one asked for.
 */
final class PictureParams {

    /** Instants accepted: from the epoch to the end of year 9999 (RFC 3339's range); outside is a 400. */
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private PictureParams() {}

    /** The {@code at} instant in µs since the epoch, or -1 when absent (live). */
    static long at(MultiMap query) {
        String v = query.get("at");
        if (v == null || v.isEmpty()) {
            return -1;
        }
        Instant at;
        try {
            at = Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest("'at' is not an RFC 3339 instant such as 2026-12-06T14:03:00Z: " + clip(v));
        }
        if (at.isBefore(Instant.EPOCH) || at.isAfter(LAST)) {
            throw HttpProblem.badRequest("'at' must lie between 1970 and 9999: " + clip(v));
        }
        try {
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
        } catch (ArithmeticException | DateTimeException e) {
            throw HttpProblem.badRequest("'at' is out of range: " + clip(v));
        }
    }

    /** {@code full} (default), {@code 640} or {@code 160}. */
    static ImageSize size(MultiMap query) {
        String v = query.get("size");
        if (v == null || v.isEmpty() || v.equals("full")) {
            return ImageSize.FULL;
        }
        return switch (v) {
            case "640" -> ImageSize.W640;
            case "160" -> ImageSize.W160;
            default -> throw HttpProblem.badRequest("'size' must be full, 640 or 160, not " + clip(v));
        };
    }

    /** {@code jpeg} (default) or {@code webp}. */
    static ImageFormat format(MultiMap query) {
        String v = query.get("format");
        if (v == null || v.isEmpty() || v.equals("jpeg")) {
            return ImageFormat.JPEG;
        }
        if (v.equals("webp")) {
            return ImageFormat.WEBP;
        }
        throw HttpProblem.badRequest("'format' must be jpeg or webp, not " + clip(v));
    }

    /** {@code exact=true} decodes the very frame; {@code false} (default) the keyframe at or before. */
    static boolean exact(MultiMap query) {
        String v = query.get("exact");
        if (v == null || v.isEmpty() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw HttpProblem.badRequest("'exact' must be true or false, not " + clip(v));
    }

    /** Refuses an instant the recorded token's range does not hold, or one still to come. */
    static void recordedInstant(TokenClaims claims, long micros) {
        Instant at = RecordedFrames.instant(micros);
        if (!claims.covers(at, at)) {
            throw HttpProblem.unauthorized("The playback token does not cover " + at + ".");
        }
        if (micros > System.currentTimeMillis() * 1000) {
            throw RecordedFrames.noPicture(at + " is still to come.");
        }
    }

    private static String clip(String v) {
        return v.length() > 64 ? v.substring(0, 64) + "…" : v;
    }
}
