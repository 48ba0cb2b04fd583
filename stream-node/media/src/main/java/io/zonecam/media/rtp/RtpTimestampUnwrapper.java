package io.zonecam.media.rtp;

/**
 * RtpTimestampUnwrapper extends 32-bit RTP timestamps (RFC 3550 §5.1) to a monotonic-looking 64-bit line by
 * taking each new value as the nearest one to the previous (signed 32-bit difference), so wraparound at 2^32 is
 * invisible and B-frame reordering (small backward steps) is kept.
 *
 * <p>A difference larger than {@code maxJump} ticks in either direction is a timestamp jump (camera restart,
 * clock reset); it is counted and reported by {@link #lastWasJump()}, and the line continues from the previous
 * value plus one {@code nominalStep} so recordings stay continuous. Not thread-safe.
 */
public final class RtpTimestampUnwrapper {

    private final long maxJump;
    private final long nominalStep;
    private boolean started;
    private long last32;
    private long last64;
    private long jumps;
    private boolean lastWasJump;

    /**
     * @param maxJump     largest accepted step in ticks (e.g. 10 s × clock rate)
     * @param nominalStep the step used instead of a jump (e.g. one frame duration), ≥ 0
     * @param start       the 64-bit value the first timestamp maps to
     */
    public RtpTimestampUnwrapper(long maxJump, long nominalStep, long start) {
        if (maxJump <= 0 || maxJump >= (1L << 31)) {
            throw new IllegalArgumentException("maxJump must be in 1..2^31-1: " + maxJump);
        }
        this.maxJump = maxJump;
        this.nominalStep = Math.max(0, nominalStep);
        this.last64 = start;
    }

    /** An unwrapper for {@code clockRate} that treats steps over 10 seconds as jumps and starts at 0. */
    public static RtpTimestampUnwrapper forClockRate(int clockRate) {
        return new RtpTimestampUnwrapper(Math.min(10L * clockRate, (1L << 31) - 1), clockRate / 25, 0);
    }

    /** Maps a 32-bit RTP timestamp to the 64-bit line. */
    public long unwrap(long timestamp32) {
        long ts = timestamp32 & 0xFFFF_FFFFL;
        if (!started) {
            started = true;
            last32 = ts;
            lastWasJump = false;
            return last64;
        }
        long diff = (int) (ts - last32); // signed 32-bit distance
        last32 = ts;
        if (Math.abs(diff) > maxJump) {
            jumps++;
            lastWasJump = true;
            last64 += nominalStep;
        } else {
            lastWasJump = false;
            last64 += diff;
        }
        return last64;
    }

    /** True when the last {@link #unwrap} saw a jump. */
    public boolean lastWasJump() {
        return lastWasJump;
    }

    /** Number of jumps seen. */
    public long jumps() {
        return jumps;
    }
}
