package io.zonecam.pictures.decode;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Picture is one decoded frame in native memory (an AVFrame in the decoder's pixel format, normally YUV 4:2:0)
 * with the time it is shown. The caller closes it; closing twice is harmless, using it after close is an error.
 * Not thread-safe.
 */
public final class Picture implements AutoCloseable {

    private AVFrame frame;
    private final long ptsTicks;
    private final long ptsMicros;
    private final boolean keyframe;
    private final int width;
    private final int height;

    Picture(AVFrame frame, long ptsTicks, long ptsMicros, boolean keyframe) {
        this.frame = frame;
        this.ptsTicks = ptsTicks;
        this.ptsMicros = ptsMicros;
        this.keyframe = keyframe;
        this.width = frame.width();
        this.height = frame.height();
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** Presentation time in the track's timescale (the access unit's pts). */
    public long ptsTicks() {
        return ptsTicks;
    }

    /** Presentation time in microseconds of the track's media timeline. */
    public long ptsMicros() {
        return ptsMicros;
    }

    /** True when the picture was decoded from a keyframe. */
    public boolean keyframe() {
        return keyframe;
    }

    /**
     * The native frame, for the encoders in this module: valid until {@link #close()}, never to be freed or kept
     * by the caller.
     */
    public AVFrame frame() {
        if (frame == null) {
            throw new IllegalStateException("picture closed");
        }
        return frame;
    }

    /** A copy of the luma plane, {@code width × height} bytes row by row (8-bit formats). */
    public byte[] luma() {
        AVFrame f = frame();
        byte[] out = new byte[width * height];
        BytePointer plane = f.data(0);
        int stride = f.linesize(0);
        for (int y = 0; y < height; y++) {
            plane.position((long) y * stride).get(out, y * width, width);
        }
        return out;
    }

    /** Frees the native frame. */
    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
    }
}
