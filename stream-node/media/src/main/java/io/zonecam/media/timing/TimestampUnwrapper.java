package io.zonecam.media.timing;

/**
 * TimestampUnwrapper extends wrapping 32-bit timestamps (RTP ticks, RFC 3550 §5.1; RTMP milliseconds, RTMP 1.0 §5.3.1)
 * to a 64-bit line by taking each new value as the nearest one to the previous (signed 32-bit difference), so
 * wraparound at 2^32 is invisible and B-frame reordering (small backward steps) is kept.
 *
 * <p>A difference larger than {@code maxJump} ticks in either direction is a timestamp jump (camera restart,
 * clock reset); it is counted and reported by {@link #lastWasJump()}, and the line continues from the previous
 * value plus one {@code nominalStep} so recordings stay continuous. Not thread-safe.
 */
public final class TimestampUnwrapper {

    /** The largest signed 32-bit distance: with it as {@code maxJump} every step is taken as it is. */
    private static final long ANY_STEP = (1L << 31) - 1;

    private final long maxJump;
    private final long nominalStep;
    private final boolean continuous;
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
    public TimestampUnwrapper(long maxJump, long nominalStep, long start) {
        this(maxJump, nominalStep, start, false);
    }

    private TimestampUnwrapper(long maxJump, long nominalStep, long start, boolean continuous) {
        if (maxJump <= 0 || maxJump > ANY_STEP) {
            throw new IllegalArgumentException("maxJump must be in 1..2^31-1: " + maxJump);
        }
        this.maxJump = maxJump;
        this.nominalStep = Math.max(0, nominalStep);
        this.last64 = start;
        this.continuous = continuous;
    }

    /** An unwrapper for {@code clockRate} that treats steps over 10 seconds as jumps and starts at 0. */
    public static TimestampUnwrapper forClockRate(int clockRate) {
        return forClockRate(clockRate, clockRate / 25);
    }

    /** Like {@link #forClockRate(int)}, continuing a jump by {@code nominalStep} (one frame) instead of 1/25 s. */
    public static TimestampUnwrapper forClockRate(int clockRate, long nominalStep) {
        return new TimestampUnwrapper(Math.min(10L * clockRate, ANY_STEP), nominalStep, 0);
    }

    /**
     * An unwrapper whose first value maps to itself and that takes every step as it is: for clocks shared by the
     * tracks of a session (RTMP), where rebasing one track would move it against the others. Jumps are left to the
     * recorder, which sees them as they are.
     */
    public static TimestampUnwrapper continuous() {
        return new TimestampUnwrapper(ANY_STEP, 0, 0, true);
    }

    /** Maps a 32-bit timestamp (only the low 32 bits are used) to the 64-bit line. */
    public long unwrap(long timestamp32) {
        long ts = timestamp32 & 0xFFFF_FFFFL;
        if (!started) {
            started = true;
            last32 = ts;
            lastWasJump = false;
            if (continuous) {
                last64 = ts;
            }
            return last64;
        }
        long diff = (int) (ts - last32); // signed 32-bit distance
        last32 = ts;
        if (!continuous && Math.abs(diff) > maxJump) {
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
