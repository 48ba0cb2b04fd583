package io.zonecam.pictures.image;

/** ImageFormat names the encodings a snapshot can have. */
public enum ImageFormat {
    /** JPEG (JFIF, baseline, 4:2:0, full range) from libavcodec's mjpeg encoder. */
    JPEG("image/jpeg"),
    /** WebP (lossy VP8) from libwebp, which the FFmpeg preset includes. */
    WEBP("image/webp");

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The Content-Type. */
    public String mediaType() {
        return mediaType;
    }
}
