package io.zonecam.pictures;

/**
 * PictureException is the one exception this module throws for input it cannot turn into a picture: bad or
 * missing parameter sets, an empty or undecodable group of pictures, an instant without a frame, a refused size.
 * Its {@link Reason} lets the HTTP layer choose a status (a {@link Reason#NO_FRAME_AT_INSTANT} is a 404, bad data
 * a 422, a refused size a 400) without matching message text.
 */
public final class PictureException extends RuntimeException {

    /** Reason says what went wrong, in terms a caller can act on. */
    public enum Reason {
        /** The track's codec is not H.264 or H.265, or the init segment has no video track. */
        UNSUPPORTED_CODEC,
        /** The decoder configuration (avcC/hvcC, SPS/PPS/VPS) is missing or unreadable. */
        BAD_PARAMETER_SETS,
        /** No access units were given (an empty group of pictures). */
        NO_ACCESS_UNITS,
        /** The access units hold no keyframe from which the wanted frame can be decoded. */
        NO_KEYFRAME,
        /** No frame is shown at the instant (before the first frame, or, when exact, between or after frames). */
        NO_FRAME_AT_INSTANT,
        /** The bytes are corrupt: the decoder refused them or marked the wanted picture as damaged. */
        CORRUPT_DATA,
        /** The picture or a requested size is larger than the bounds, or the input larger than a GOP may be. */
        TOO_LARGE,
        /** A requested size or quality is out of range (zero, negative, absurd). */
        BAD_REQUEST,
        /** The native library failed for another reason (out of memory, a missing codec). */
        NATIVE_FAILURE
    }

    private final Reason reason;

    public PictureException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the picture could not be made. */
    public Reason reason() {
        return reason;
    }
}
