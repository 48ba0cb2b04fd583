package io.zonecam.webrtc.rtcp;

import java.time.Instant;

/**
 * NtpTime converts wallclock time to the 64-bit NTP timestamps of sender reports (RFC 3550 §4): seconds since
 * 1900-01-01 in the high 32 bits, the binary fraction of a second in the low 32.
 */
public final class NtpTime {

    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch). */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private NtpTime() {}

    /** The NTP timestamp of a Unix time in nanoseconds. */
    public static long fromUnixNanos(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        long fraction = (nanos << 32) / 1_000_000_000L;
        return ((seconds + UNIX_EPOCH_OFFSET_SECONDS) << 32) | fraction;
    }

    /** The NTP timestamp of an instant. */
    public static long fromInstant(Instant instant) {
        return fromUnixNanos(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
    }

    /** The Unix time in nanoseconds of an NTP timestamp (era 0). */
    public static long toUnixNanos(long ntp) {
        long seconds = (ntp >>> 32) - UNIX_EPOCH_OFFSET_SECONDS;
        long fraction = ntp & 0xFFFFFFFFL;
        return seconds * 1_000_000_000L + ((fraction * 1_000_000_000L) >>> 32);
    }

    /** The middle 32 bits, as echoed in a report block's LSR field (RFC 3550 §6.4.1). */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }
}
