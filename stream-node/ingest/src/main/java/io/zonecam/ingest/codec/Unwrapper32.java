package io.zonecam.ingest.codec;

/**
 * Unwrapper32 extends a wrapping 32-bit timestamp (RTMP milliseconds, RTP ticks) onto a 64-bit line.
 *
 * <p>Each new value is placed at the signed 32-bit distance from the previous one, so both wraps forward and small
 * steps backwards (interleaved or reordered senders) are handled. The first value maps to itself.
 */
public final class Unwrapper32 {
    private boolean started;
    private long last32;
    private long last64;

    /** Maps a 32-bit value (only the low 32 bits are used) to the unwrapped line. */
    public long unwrap(long value) {
        long v = value & 0xFFFFFFFFL;
        if (!started) {
            started = true;
            last32 = v;
            last64 = v;
            return v;
        }
        int delta = (int) (v - last32); // signed distance modulo 2^32
        last32 = v;
        last64 += delta;
        return last64;
    }
}
