package io.zonecam.pictures.snapshot;

import io.zonecam.pictures.decode.CodedVideo;
import io.zonecam.pictures.decode.FrameDecoder;
import io.zonecam.pictures.decode.Picture;
import io.zonecam.pictures.decode.Selection;
import io.zonecam.pictures.image.EncodedImage;
import io.zonecam.pictures.image.ImageEncoder;
import io.zonecam.pictures.image.ImageFormat;
import io.zonecam.pictures.image.ImageSize;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots makes the image of a camera at an instant: decode ({@link FrameDecoder}) then scale and encode
 * ({@link ImageEncoder}), the picture freed in between. Stateless and thread-safe; blocking and CPU-bound (a few
 * milliseconds to tens of milliseconds, see the README), so call it from a worker thread, never an event loop.
 *
 * <p>For a recording, the caller finds the fragment holding the instant ({@code Timeline.Segment}), reads its bytes
 * and the object's init, and converts the wall-clock instant to media time:
 * {@code mediaMicros = segment.mediaStartMicros() + (instant - segment.startMicros())}. For the live stream it
 * passes the GOP cache ({@link CodedVideo#of}) and {@code Long.MAX_VALUE} with {@link Selection#AT_OR_BEFORE}:
 * the newest frame.
 */
public final class Snapshots {

    private final FrameDecoder decoder = new FrameDecoder();
    private final ImageEncoder encoder = new ImageEncoder();

    /** The image of the frame {@code selection} picks at {@code mediaMicros}. */
    public EncodedImage snapshot(
            CodedVideo video, long mediaMicros, Selection selection, ImageSize size, ImageFormat format, int quality) {
        return snapshot(video, mediaMicros, selection, List.of(size), format, quality)
                .get(0);
    }

    /** One decode, several sizes (e.g. full and 160 px), in the order asked. */
    public List<EncodedImage> snapshot(
            CodedVideo video,
            long mediaMicros,
            Selection selection,
            List<ImageSize> sizes,
            ImageFormat format,
            int quality) {
        try (Picture picture = decoder.decode(video, mediaMicros, selection)) {
            List<EncodedImage> out = new ArrayList<>(sizes.size());
            for (ImageSize size : sizes) {
                out.add(encoder.encode(picture, size, format, quality));
            }
            return out;
        }
    }
}
