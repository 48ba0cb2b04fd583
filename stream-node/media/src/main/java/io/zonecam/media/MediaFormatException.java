package io.zonecam.media;

/**
 * MediaFormatException reports bytes that do not follow the codec, packet or container format being parsed.
 *
 * <p>It is the only exception the parsers in this library throw for bad input: callers on the hot path catch it,
 * count the damage and move on. Out-of-bounds reads surface as this type, never as
 * {@link ArrayIndexOutOfBoundsException}.
 */
public final class MediaFormatException extends RuntimeException {

    public MediaFormatException(String message) {
        super(message);
    }

    public MediaFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws when {@code [offset, offset + length)} is not inside an array of {@code size} bytes. */
    public static void checkRange(int size, int offset, int length, String what) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new MediaFormatException(
                    what + ": range [" + offset + ", +" + length + ") outside " + size + " bytes");
        }
    }
}
