package io.zonecam.node.pictures;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Images decodes what the node serves with the JDK's own decoder and compares pictures by PSNR. */
final class Images {

    private Images() {}

    /** The JPEG decoded by ImageIO; fails the test when it is not one. */
    static BufferedImage jpeg(byte[] data) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
        if (img == null) {
            throw new AssertionError("not a decodable JPEG (" + data.length + " bytes)");
        }
        return img;
    }

    /**
     * Peak signal-to-noise ratio in dB of the luma (BT.601 weights) of an image against frame {@code n} of packed
     * rgb24 frames: luma, because the JPEG's chroma was subsampled and both sides convert colours their own way.
     */
    static double psnr(BufferedImage img, byte[] rgbFrames, int n) {
        int w = img.getWidth();
        int h = img.getHeight();
        int base = n * w * h * 3;
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int i = base + (y * w + x) * 3;
                sum += sq(luma((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff)
                        - luma(rgbFrames[i] & 0xff, rgbFrames[i + 1] & 0xff, rgbFrames[i + 2] & 0xff));
            }
        }
        double mse = sum / (w * (double) h);
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** The frame among {@code n - 3 .. n + 3} (those that exist) whose luma is nearest to the image. */
    static int nearest(BufferedImage img, byte[] rgbFrames, int n, int frameCount) {
        int best = -1;
        double bestDb = -1;
        for (int i = Math.max(0, n - 3); i <= Math.min(frameCount - 1, n + 3); i++) {
            double db = psnr(img, rgbFrames, i);
            if (db > bestDb) {
                bestDb = db;
                best = i;
            }
        }
        return best;
    }

    private static double luma(int r, int g, int b) {
        return 0.299 * r + 0.587 * g + 0.114 * b;
    }

    private static double sq(double d) {
        return (double) d * d;
    }

    /** Every video frame of an MP4 file as ffmpeg decodes it, rgb24, in presentation order. */
    static byte[] ffmpegFrames(Path mp4) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-i",
                        mp4.toString(),
                        "-map",
                        "0:v:0",
                        "-fps_mode",
                        "passthrough",
                        "-f",
                        "rawvideo",
                        "-pix_fmt",
                        "rgb24",
                        "-"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new AssertionError("ffmpeg failed to decode " + mp4);
        }
        return out;
    }
}
