package io.zonecam.pictures.image;

/**
 * EncodedImage is a picture as bytes to serve or store.
 *
 * @param format    JPEG or WebP
 * @param data      the file bytes (owned by the image: do not change them)
 * @param width     width in pixels
 * @param height    height in pixels
 * @param ptsMicros presentation time of the picture on the media timeline, microseconds
 */
public record EncodedImage(ImageFormat format, byte[] data, int width, int height, long ptsMicros) {}
