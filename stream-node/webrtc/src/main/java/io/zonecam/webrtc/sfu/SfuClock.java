package io.zonecam.webrtc.sfu;

/**
 * SfuClock is the SFU's time: a monotonic clock for timeouts, throttles and rates, and wall-clock time for RTCP
 * sender reports that advances with it (a step of the system clock does not jump the reports).
 */
interface SfuClock {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Unix time in nanoseconds. */
    long unixNanos();

    /** The system clocks, with wall-clock time taken once at creation and advanced by the monotonic clock. */
    static SfuClock system() {
        long unixBase = System.currentTimeMillis() * 1_000_000L;
        long nanoBase = System.nanoTime();
        return new SfuClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public long unixNanos() {
                return unixBase + (System.nanoTime() - nanoBase);
            }
        };
    }
}
