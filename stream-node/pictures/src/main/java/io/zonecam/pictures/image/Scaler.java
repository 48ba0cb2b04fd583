package io.zonecam.pictures.image;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import io.zonecam.pictures.av.Av;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.ffmpeg.swscale.SwsFilter;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Scaler converts a decoded frame to another size and pixel format with libswscale: area averaging when it
 * shrinks (no aliasing at 1/8 of the size), bicubic otherwise. The source range (limited or full) is read from
 * the frame's pixel format; a {@code YUVJ} target is full range, as JPEG wants.
 */
final class Scaler {

    private Scaler() {}

    /** A new frame of {@code width × height} in {@code pixelFormat}; the caller frees it with av_frame_free. */
    static AVFrame scale(AVFrame src, int width, int height, int pixelFormat) {
        boolean shrink = width < src.width() || height < src.height();
        SwsContext sws = sws_getContext(
                src.width(),
                src.height(),
                src.format(),
                width,
                height,
                pixelFormat,
                shrink ? SWS_AREA : SWS_BICUBIC,
                (SwsFilter) null,
                (SwsFilter) null,
                (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new PictureException(
                    Reason.NATIVE_FAILURE,
                    "swscale cannot convert " + src.width() + "x" + src.height() + " format " + src.format());
        }
        AVFrame dst = av_frame_alloc();
        try {
            if (dst == null || dst.isNull()) {
                throw new PictureException(Reason.NATIVE_FAILURE, "av_frame_alloc returned null");
            }
            dst.format(pixelFormat);
            dst.width(width);
            dst.height(height);
            Av.check(av_frame_get_buffer(dst, 0), Reason.NATIVE_FAILURE, "av_frame_get_buffer");
            Av.check(
                    sws_scale(sws, src.data(), src.linesize(), 0, src.height(), dst.data(), dst.linesize()),
                    Reason.NATIVE_FAILURE,
                    "sws_scale");
            return dst;
        } catch (RuntimeException e) {
            if (dst != null) {
                av_frame_free(dst);
            }
            throw e;
        } finally {
            sws_freeContext(sws);
        }
    }
}
