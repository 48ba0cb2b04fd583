package io.zonecam.pictures.thumbs;

import io.zonecam.pictures.decode.AccessUnit;
import io.zonecam.pictures.decode.FrameDecoder;
import io.zonecam.pictures.decode.Picture;
import io.zonecam.pictures.decode.VideoTrack;
import io.zonecam.pictures.image.EncodedImage;
import io.zonecam.pictures.image.ImageEncoder;
import io.zonecam.pictures.image.ImageFormat;
import io.zonecam.pictures.image.ImageSize;

/**
 * Thumbnailer turns one keyframe into a small JPEG: the keyframe is decoded alone (no other picture of the
 * stream, and without its deblocking filter: {@link FrameDecoder#forPreviews()}), scaled to {@link #size()} and
 * encoded. Stateless and thread-safe.
 */
public final class Thumbnailer {

    private final FrameDecoder decoder = FrameDecoder.forPreviews();
    private final ImageEncoder encoder = new ImageEncoder();
    private final ImageSize size;
    private final int quality;

    /** Thumbnails of {@code size} at JPEG {@code quality} (1..100). */
    public Thumbnailer(ImageSize size, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality " + quality + " outside 1..100");
        }
        this.size = size;
        this.quality = quality;
    }

    /** 160 px wide, quality 70 (1.5 KB for a 16:9 camera picture in the benchmark). */
    public static Thumbnailer defaults() {
        return new Thumbnailer(ImageSize.W160, 70);
    }

    /** The thumbnail width. */
    public ImageSize size() {
        return size;
    }

    /** The JPEG of {@code keyframe}. Throws {@code PictureException} when it cannot be decoded. */
    public EncodedImage thumbnail(VideoTrack track, AccessUnit keyframe) {
        try (Picture picture = decoder.decodeKeyframe(track, keyframe)) {
            return encoder.encode(picture, size, ImageFormat.JPEG, quality);
        }
    }
}
