package io.zonecam.bench.media;

import java.util.Random;

/**
 * SyntheticH264 is the micro-benchmarks' stand-in for a 2 Mb/s, 25 fps H.264 camera: random slice data (the cost of
 * the code measured does not depend on the bytes), an IDR every 50 frames (2 s) six times the size of a P-frame, sized
 * so the average stays at 2 Mb/s.
 */
public final class SyntheticH264 {

    /** 10 s of video. */
    public static final int FRAMES = 250;
    /** 2 Mb/s at 25 fps. */
    public static final int AVERAGE_FRAME_BYTES = 2_000_000 / 8 / 25;
    /** Frames per GOP. */
    public static final int GOP = 50;

    private static final int P_FRAME_BYTES = AVERAGE_FRAME_BYTES * GOP / (GOP + 5);

    private SyntheticH264() {}

    /** True for the first frame of each GOP. */
    public static boolean keyframe(int frame) {
        return frame % GOP == 0;
    }

    /** The slice NAL unit of frame {@code frame} (IDR or non-IDR header byte, then random bytes from {@code random}). */
    public static byte[] slice(Random random, int frame) {
        boolean key = keyframe(frame);
        byte[] slice = new byte[key ? 6 * P_FRAME_BYTES : P_FRAME_BYTES];
        random.nextBytes(slice);
        slice[0] = (byte) (key ? 0x65 : 0x41);
        return slice;
    }
}
