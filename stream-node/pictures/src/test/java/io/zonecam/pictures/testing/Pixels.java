package io.zonecam.pictures.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Pixels compares pictures: mean absolute difference of planes, PSNR of RGB images. */
public final class Pixels {

    private Pixels() {}

    /** Frame {@code n} of a raw file of equally sized frames. */
    public static byte[] frame(byte[] raw, int n, int frameBytes) {
        return Arrays.copyOfRange(raw, n * frameBytes, (n + 1) * frameBytes);
    }

    /** The luma plane of frame {@code n} of a raw yuv420p file of {@code width × height} frames. */
    public static byte[] luma(byte[] yuv420p, int n, int width, int height) {
        int frame = width * height * 3 / 2;
        return Arrays.copyOfRange(yuv420p, n * frame, n * frame + width * height);
    }

    /** Mean absolute difference of two byte planes of the same size. */
    public static double mad(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " vs " + b.length + " bytes");
        }
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }

    /**
     * PSNR in dB of the luma (BT.601) of two RGB24 pictures of the same size, 99 for identical ones. Luma, because
     * decoders upsample 4:2:0 chroma differently (the JDK's JPEG reader and ffmpeg differ by ~28 dB RGB PSNR on
     * the test pattern's colour edges for the very same file), and those differences cancel in luma.
     */
    public static double psnr(byte[] rgbA, byte[] rgbB) {
        if (rgbA.length != rgbB.length) {
            throw new IllegalArgumentException(rgbA.length + " vs " + rgbB.length + " bytes");
        }
        double se = 0;
        for (int i = 0; i < rgbA.length; i += 3) {
            double d = luma(rgbA, i) - luma(rgbB, i);
            se += d * d;
        }
        double mse = se / (rgbA.length / 3);
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    private static double luma(byte[] rgb, int i) {
        return 0.299 * (rgb[i] & 0xff) + 0.587 * (rgb[i + 1] & 0xff) + 0.114 * (rgb[i + 2] & 0xff);
    }

    /** A JPEG decoded by the JDK's own decoder (independent of FFmpeg) to RGB24. */
    public static byte[] jpegToRgb(byte[] jpeg) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        if (img == null) {
            throw new IOException("ImageIO cannot read the JPEG");
        }
        return rgb(img);
    }

    /** RGB24 bytes of an image. */
    public static byte[] rgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                out[p] = (byte) (row[x] >> 16);
                out[p + 1] = (byte) (row[x] >> 8);
                out[p + 2] = (byte) row[x];
            }
        }
        return out;
    }
}
