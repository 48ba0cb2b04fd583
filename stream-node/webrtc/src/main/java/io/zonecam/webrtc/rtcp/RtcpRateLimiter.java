package io.zonecam.webrtc.rtcp;

import java.util.function.LongSupplier;

/**
 * RtcpRateLimiter is a token bucket over packets and bytes for one RTCP source (one viewer), so an RTCP flood costs
 * at most a bounded amount of parsing and NACK/PLI work per second. Not thread-safe: one per session, used from its
 * receive thread.
 */
public final class RtcpRateLimiter {

    private final double packetsPerNano;
    private final double bytesPerNano;
    private final double packetBurst;
    private final double byteBurst;
    private final LongSupplier nanoClock;
    private double packetTokens;
    private double byteTokens;
    private long lastNanos;
    private long dropped;

    /**
     * Creates a full bucket.
     *
     * @param packetsPerSecond sustained packets per second
     * @param bytesPerSecond   sustained bytes per second
     * @param burstSeconds     how many seconds of budget may be spent at once
     * @param nanoClock        monotonic nanoseconds
     */
    public RtcpRateLimiter(
            double packetsPerSecond, double bytesPerSecond, double burstSeconds, LongSupplier nanoClock) {
        if (packetsPerSecond <= 0 || bytesPerSecond <= 0 || burstSeconds <= 0) {
            throw new IllegalArgumentException("rates and burst must be positive");
        }
        this.packetsPerNano = packetsPerSecond / 1e9;
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.packetBurst = Math.max(1, packetsPerSecond * burstSeconds);
        this.byteBurst = Math.max(1500, bytesPerSecond * burstSeconds);
        this.nanoClock = nanoClock;
        this.packetTokens = packetBurst;
        this.byteTokens = byteBurst;
        this.lastNanos = nanoClock.getAsLong();
    }

    /** A limiter sized for one viewer: 200 packets/s and 64 KB/s sustained, one second of burst. */
    public static RtcpRateLimiter perViewer(LongSupplier nanoClock) {
        return new RtcpRateLimiter(200, 64 * 1024, 1.0, nanoClock);
    }

    /** Takes budget for a packet of this size; false (and counted) when it should be dropped unparsed. */
    public boolean tryAcquire(int bytes) {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            packetTokens = Math.min(packetBurst, packetTokens + elapsed * packetsPerNano);
            byteTokens = Math.min(byteBurst, byteTokens + elapsed * bytesPerNano);
            lastNanos = now;
        }
        if (packetTokens < 1 || byteTokens < bytes) {
            dropped++;
            return false;
        }
        packetTokens -= 1;
        byteTokens -= bytes;
        return true;
    }

    /** Packets refused so far. */
    public long dropped() {
        return dropped;
    }
}
