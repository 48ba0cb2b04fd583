package io.zonecam.pictures.thumbs;

/** ThumbnailPackFormatException reports a pack (or a part of one) that does not follow {@link ThumbnailPack}. */
public final class ThumbnailPackFormatException extends RuntimeException {

    public ThumbnailPackFormatException(String message) {
        super(message);
    }
}
