package io.zonecam.pictures.thumbs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.pictures.decode.AccessUnit;
import io.zonecam.pictures.decode.CodedVideo;
import io.zonecam.pictures.decode.FrameDecoder;
import io.zonecam.pictures.decode.Picture;
import io.zonecam.pictures.image.EncodedImage;
import io.zonecam.pictures.image.ImageEncoder;
import io.zonecam.pictures.image.ImageFormat;
import io.zonecam.pictures.image.ImageSize;
import io.zonecam.pictures.testing.Clip;
import io.zonecam.pictures.testing.Pixels;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thumbnails decode keyframes without the deblocking filter ({@link FrameDecoder#forPreviews()}): the full-size
 * picture differs from the exact decode, the 160 px thumbnail looks like ffmpeg's scaled frame as well as one made
 * from the exact decode does.
 */
class ThumbnailerTest {

    @ParameterizedTest
    @ValueSource(strings = {Clip.H264_HIGH, Clip.H265_MAIN})
    void aThumbnailWithoutTheLoopFilterLooksLikeTheExactOne(String kind) throws Exception {
        Clip clip = Clip.get(kind);
        CodedVideo second = clip.fragment(1);
        AccessUnit key = second.units().get(0);
        assertThat(key.keyframe()).isTrue();
        List<Long> pts = clip.presentationTimes();
        int keyIndex = pts.indexOf(key.pts());

        // The preview decode really skips the filter: its picture is not the exact one.
        byte[] exactLuma;
        try (Picture exact = new FrameDecoder().decodeKeyframe(second.track(), key);
                Picture preview = FrameDecoder.forPreviews().decodeKeyframe(second.track(), key)) {
            exactLuma = exact.luma();
            assertThat(Pixels.mad(preview.luma(), exactLuma)).isGreaterThan(0);
        }

        byte[] reference = clip.reference("rgb24", "scale=160:120:flags=area");
        int size = 160 * 120 * 3;
        EncodedImage thumbnail = new Thumbnailer(ImageSize.W160, 90).thumbnail(second.track(), key);
        EncodedImage fromExact;
        try (Picture exact = new FrameDecoder().decodeKeyframe(second.track(), key)) {
            fromExact = new ImageEncoder().encode(exact, ImageSize.W160, ImageFormat.JPEG, 90);
        }
        byte[] thumb = Pixels.jpegToRgb(thumbnail.data());
        double same = Pixels.psnr(thumb, Pixels.frame(reference, keyIndex, size));
        double exact = Pixels.psnr(Pixels.jpegToRgb(fromExact.data()), Pixels.frame(reference, keyIndex, size));
        double other = Pixels.psnr(thumb, Pixels.frame(reference, keyIndex + 3, size));
        assertThat(same).isGreaterThan(33).isGreaterThan(exact - 1);
        assertThat(other).isLessThan(same - 8);
    }
}
