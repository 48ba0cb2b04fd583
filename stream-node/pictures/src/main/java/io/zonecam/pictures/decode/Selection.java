package io.zonecam.pictures.decode;

/** Selection says which frame a snapshot at an instant shows; all compare presentation times, not decode times. */
public enum Selection {
    /**
     * The keyframe shown last at or before the instant: only that one picture is decoded (thumbnails, the cheap
     * snapshot). Up to a GOP earlier than the instant.
     */
    KEYFRAME,
    /**
     * The frame shown last at or before the instant, decoded from its keyframe. An instant in a gap or after the
     * last frame gives the last frame before it.
     */
    AT_OR_BEFORE,
    /**
     * The frame on screen at the instant: like {@link #AT_OR_BEFORE}, but refused
     * ({@code NO_FRAME_AT_INSTANT}) unless the instant lies within that frame's display interval (from its
     * presentation time to the next frame's, or its own duration for the last).
     */
    EXACT
}
