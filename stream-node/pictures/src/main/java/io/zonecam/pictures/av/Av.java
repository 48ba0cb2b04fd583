package io.zonecam.pictures.av;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import java.nio.charset.StandardCharsets;

/**
 * Av holds what every FFmpeg call in this module shares: loading the natives once with FFmpeg's own logging
 * silenced (failures surface as {@link PictureException}s instead of lines on stderr), and turning negative
 * return codes into typed errors.
 */
public final class Av {

    /** AVERROR(EAGAIN) on Linux: the codec wants more input, or has output waiting. */
    public static final int EAGAIN = -11;
    /** AV_FRAME_FLAG_CORRUPT (libavutil/frame.h): the decoder knows the frame is damaged. */
    public static final int FRAME_FLAG_CORRUPT = 1;
    /** AV_FRAME_FLAG_KEY: the frame is a keyframe. */
    public static final int FRAME_FLAG_KEY = 2;

    static {
        av_log_set_level(AV_LOG_FATAL);
    }

    private Av() {}

    /**
     * Loads libavcodec, libswscale and libavutil (about 0.3 s the first time in a JVM). Optional: the first use
     * loads them too; a node calls it at start so that the first snapshot does not pay for it.
     */
    public static void load() {
        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
    }

    /** Returns {@code ret} when it is not negative, else throws a {@link PictureException} with the reason. */
    public static int check(int ret, Reason reason, String what) {
        if (ret < 0) {
            throw new PictureException(reason, what + " failed: " + describe(ret));
        }
        return ret;
    }

    /** FFmpeg's text for an error code. */
    public static String describe(int ret) {
        byte[] buf = new byte[128];
        if (av_strerror(ret, buf, buf.length) < 0) {
            return "error " + ret;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.US_ASCII) + " (" + ret + ")";
    }
}
