package io.zonecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Pictures tells a real camera picture from a placeholder by its pixels: the simulator's test pattern (FFmpeg's
 * {@code testsrc2}) is full of saturated colour, while the viewer's "No picture" slot and a blank image are grey.
 */
final class Pictures {

    private Pictures() {}

    /** Fails unless at least 10% of the image's pixels are strongly coloured. */
    static void assertCameraPicture(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("%s is an image", png).isNotNull();
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    coloured++;
                }
            }
        }
        double share = coloured / (double) (image.getWidth() * image.getHeight());
        System.out.printf(
                "e2e: %s is %dx%d, %.0f%% strongly coloured pixels%n",
                png.getFileName(), image.getWidth(), image.getHeight(), share * 100);
        assertThat(share).as("share of strongly coloured pixels in %s", png).isGreaterThan(0.10);
    }
}
