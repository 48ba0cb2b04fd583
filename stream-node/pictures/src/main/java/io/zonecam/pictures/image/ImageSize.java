package io.zonecam.pictures.image;

import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;

/**
 * ImageSize is the width an image is scaled to, keeping the aspect ratio (and the pixel aspect ratio when the
 * stream declares one): {@link #FULL} keeps the decoded size, a width never enlarges the picture.
 *
 * @param width the wanted width in pixels, 0 for the full size
 */
public record ImageSize(int width) {

    /** Largest width accepted: 8K. */
    public static final int MAX_WIDTH = 7680;
    /** Smallest width accepted. */
    public static final int MIN_WIDTH = 16;

    /** The decoded size. */
    public static final ImageSize FULL = new ImageSize(0);
    /** 640 pixels wide: snapshots in lists and small players. */
    public static final ImageSize W640 = new ImageSize(640);
    /** 160 pixels wide: thumbnails on the grid and the timeline. */
    public static final ImageSize W160 = new ImageSize(160);

    public ImageSize {
        if (width != 0 && (width < MIN_WIDTH || width > MAX_WIDTH)) {
            throw new PictureException(
                    Reason.BAD_REQUEST, "width " + width + " outside " + MIN_WIDTH + ".." + MAX_WIDTH + " (0 = full)");
        }
    }

    /** A size by name: {@code full}, {@code 640}, {@code 160} or another width in range. */
    public static ImageSize parse(String text) {
        if (text == null || text.isBlank() || text.equals("full")) {
            return FULL;
        }
        try {
            return new ImageSize(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw new PictureException(Reason.BAD_REQUEST, "size '" + text + "' is not full or a width in pixels");
        }
    }

    /**
     * The output dimensions for a {@code srcWidth × srcHeight} picture whose pixels are {@code sarNum:sarDen}
     * wide (1:1 or 0:0 for square): even numbers (4:2:0 chroma), at least 2.
     */
    public int[] dimensions(int srcWidth, int srcHeight, int sarNum, int sarDen) {
        double displayWidth = sarNum > 0 && sarDen > 0 ? srcWidth * (double) sarNum / sarDen : srcWidth;
        int w = width == 0 ? srcWidth : (int) Math.min(width, Math.round(displayWidth));
        int h = width == 0 ? srcHeight : (int) Math.round(srcHeight * w / displayWidth);
        return new int[] {Math.max(2, w & ~1), Math.max(2, h & ~1)};
    }
}
