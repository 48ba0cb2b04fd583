package io.zonecam.pictures.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import io.zonecam.pictures.decode.FrameDecoder;
import io.zonecam.pictures.decode.Picture;
import io.zonecam.pictures.decode.Selection;
import io.zonecam.pictures.testing.Clip;
import io.zonecam.pictures.testing.Pixels;
import io.zonecam.testing.Ffmpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ImageEncoderTest encodes a decoded frame as JPEG (read back by the JDK's own JPEG decoder) and WebP (read back
 * by the system ffmpeg) at full, 640 and 160 px, and compares with ffmpeg's decode of the same frame (scaled by
 * ffmpeg for the small size): close within what lossy coding explains, and clearly closer than the neighbouring
 * frames are.
 */
class ImageEncoderTest {

    private static final int N = 37;

    private final ImageEncoder encoder = new ImageEncoder();
    /** Every test takes its frame from the same H.264 High clip (made once, cached). */
    private final Clip clip = Clip.get(Clip.H264_HIGH);

    @Test
    void fullSizeJpegLooksLikeFfmpegsFrameAndNotItsNeighbours() throws Exception {
        byte[] reference = clip.reference("rgb24", null);
        int size = rgbFrameBytes();
        EncodedImage jpeg = fullSize(ImageFormat.JPEG);
        assertThat(jpeg.width()).isEqualTo(clip.width());
        assertThat(jpeg.height()).isEqualTo(clip.height());
        byte[] rgb = Pixels.jpegToRgb(jpeg.data());
        double same = Pixels.psnr(rgb, Pixels.frame(reference, N, size));
        double before = Pixels.psnr(rgb, Pixels.frame(reference, N - 1, size));
        double after = Pixels.psnr(rgb, Pixels.frame(reference, N + 1, size));
        // Measured: 40.9 dB for the frame, 25.2 and 23.0 dB for its neighbours.
        assertThat(same).isGreaterThan(36);
        assertThat(Math.max(before, after)).isLessThan(same - 8);
    }

    @Test
    void smallJpegsKeepTheAspectAndMatchFfmpegsScaledFrame() throws Exception {
        byte[] reference = clip.reference("rgb24", "scale=160:120:flags=area");
        int size = 160 * 120 * 3;
        EncodedImage small;
        EncodedImage medium;
        try (Picture p = picture(clip, N)) {
            small = encoder.encode(p, ImageSize.W160, ImageFormat.JPEG, 90);
            medium = encoder.encode(p, ImageSize.W640, ImageFormat.JPEG, 90);
        }
        assertThat(small.width()).isEqualTo(160);
        assertThat(small.height()).isEqualTo(120);
        assertThat(medium.width()).as("never enlarged").isEqualTo(clip.width());
        double same = Pixels.psnr(Pixels.jpegToRgb(small.data()), Pixels.frame(reference, N, size));
        double other = Pixels.psnr(Pixels.jpegToRgb(small.data()), Pixels.frame(reference, N + 3, size));
        // Measured: 37.5 dB for the frame, 22.8 dB three frames on.
        assertThat(same).isGreaterThan(33);
        assertThat(other).isLessThan(same - 8);
    }

    @Test
    void qualityTradesBytesForFidelity() throws Exception {
        try (Picture p = picture(clip, N)) {
            int low = encoder.encode(p, ImageSize.FULL, ImageFormat.JPEG, 10).data().length;
            int high = encoder.encode(p, ImageSize.FULL, ImageFormat.JPEG, 95).data().length;
            assertThat(high).isGreaterThan(2 * low);
        }
        assertThat(ImageEncoder.jpegQscale(100)).isEqualTo(2);
        assertThat(ImageEncoder.jpegQscale(1)).isEqualTo(31);
    }

    @Test
    void webpIsReadByFfmpegAndLooksLikeTheFrame() throws Exception {
        byte[] reference = clip.reference("rgb24", null);
        int size = rgbFrameBytes();
        EncodedImage webp = fullSize(ImageFormat.WEBP);
        assertThat(new String(webp.data(), 8, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("WEBP");
        Path file = Files.createTempFile(clip.dir(), "snap", ".webp");
        Files.write(file, webp.data());
        Path raw = Files.createTempFile(clip.dir(), "snap", ".rgb");
        Ffmpeg.check(
                clip.dir(),
                List.of(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-y",
                        "-i",
                        file.toString(),
                        "-f",
                        "rawvideo",
                        "-pix_fmt",
                        "rgb24",
                        raw.toString()));
        byte[] rgb = Files.readAllBytes(raw);
        double same = Pixels.psnr(rgb, Pixels.frame(reference, N, size));
        double other = Pixels.psnr(rgb, Pixels.frame(reference, N + 1, size));
        // Measured: 53.2 dB for the frame, 23.0 dB for the next.
        assertThat(same).isGreaterThan(45);
        assertThat(other).isLessThan(same - 8);
    }

    @Test
    void absurdSizesAndQualitiesAreRefused() {
        for (int w : new int[] {-1, 1, 15, 7681, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> new ImageSize(w))
                    .isInstanceOf(PictureException.class)
                    .extracting(e -> ((PictureException) e).reason())
                    .isEqualTo(Reason.BAD_REQUEST);
        }
        assertThatThrownBy(() -> ImageSize.parse("huge")).isInstanceOf(PictureException.class);
        assertThat(ImageSize.parse("full")).isEqualTo(ImageSize.FULL);
        assertThat(ImageSize.parse("160")).isEqualTo(ImageSize.W160);
        try (Picture p = picture(clip, N)) {
            for (int q : new int[] {0, 101, -5}) {
                assertThatThrownBy(() -> encoder.encode(p, ImageSize.FULL, ImageFormat.JPEG, q))
                        .isInstanceOf(PictureException.class);
            }
        }
    }

    @Test
    void dimensionsKeepTheDisplayAspectOfNonSquarePixels() {
        // 1440x1080 with 4:3 pixels is 16:9 on screen: 640 px wide is 360 high.
        assertThat(ImageSize.W640.dimensions(1440, 1080, 4, 3)).containsExactly(640, 360);
        assertThat(ImageSize.W160.dimensions(1280, 720, 0, 1)).containsExactly(160, 90);
        assertThat(ImageSize.FULL.dimensions(1281, 721, 1, 1)).containsExactly(1280, 720);
    }

    /** Frame {@link #N} of the clip encoded at full size, quality 90. */
    private EncodedImage fullSize(ImageFormat format) {
        try (Picture p = picture(clip, N)) {
            return encoder.encode(p, ImageSize.FULL, format, 90);
        }
    }

    /** Bytes of one full-size rgb24 frame of the clip. */
    private int rgbFrameBytes() {
        return clip.width() * clip.height() * 3;
    }

    private static Picture picture(Clip clip, int n) {
        List<Long> pts = clip.presentationTimes();
        return new FrameDecoder().decodeAt(clip.all(), pts.get(n), Selection.EXACT);
    }
}
