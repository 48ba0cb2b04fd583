package io.zonecam.webrtc.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.webrtc.rtcp.RtcpPacket.SenderReport;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RtcpHelpersTest {

    @Test
    void ntpTimeCountsFrom1900WithABinaryFraction() {
        assertThat(NtpTime.fromUnixNanos(0)).isEqualTo(2_208_988_800L << 32);
        assertThat(NtpTime.fromUnixNanos(500_000_000L) & 0xFFFFFFFFL).isEqualTo(0x80000000L);
        long ntp = NtpTime.fromInstant(Instant.parse("2026-11-26T12:00:00.250Z"));
        assertThat(NtpTime.toUnixNanos(ntp))
                .isEqualTo(Instant.parse("2026-11-26T12:00:00.250Z").toEpochMilli() * 1_000_000L);
        assertThat(NtpTime.middle32(0x1122_3344_5566_7788L)).isEqualTo(0x3344_5566L);
    }

    @Test
    void senderReportExtrapolatesTheRtpTimestampAndCounts() throws Exception {
        SenderReportBuilder b = new SenderReportBuilder(0xDEADBEEFL, 90_000);
        long t0 = 1_700_000_000_000_000_000L;
        assertThat(b.build(t0)).as("nothing sent yet").isNull();
        b.onRtpSent(0xFFFF_0000L, 1000, t0 - 40_000_000L);
        b.onRtpSent(0xFFFF_0E10L, 1200, t0);
        SenderReport sr = b.build(t0 + 500_000_000L);
        assertThat(sr.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(sr.packetCount()).isEqualTo(2);
        assertThat(sr.octetCount()).isEqualTo(2200);
        // Half a second at 90 kHz later, wrapping past 2^32.
        assertThat(sr.rtpTimestamp()).isEqualTo((0xFFFF_0E10L + 45_000) & 0xFFFFFFFFL);
        assertThat(sr.ntpTimestamp()).isEqualTo(NtpTime.fromUnixNanos(t0 + 500_000_000L));
        byte[] buf = new byte[64];
        int n = b.write(buf, 0, t0 + 500_000_000L);
        assertThat(RtcpParser.parse(buf, 0, n)).containsExactly(sr);
    }

    @Test
    void rateLimiterBoundsPacketsAndBytesPerSecond() {
        AtomicLong clock = new AtomicLong();
        RtcpRateLimiter limiter = new RtcpRateLimiter(100, 10_000, 1.0, clock::get);
        int passed = 0;
        for (int i = 0; i < 1000; i++) {
            if (limiter.tryAcquire(50)) {
                passed++;
            }
        }
        assertThat(passed).as("one second of burst").isEqualTo(100);
        clock.addAndGet(100_000_000L);
        passed = 0;
        for (int i = 0; i < 1000; i++) {
            if (limiter.tryAcquire(50)) {
                passed++;
            }
        }
        assertThat(passed).as("100 ms refill").isEqualTo(10);
        assertThat(limiter.dropped()).isEqualTo(1890);
        clock.addAndGet(10_000_000_000L);
        // Bytes bind before packets: 10,000 bytes of burst are 8 packets of 1,200.
        passed = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire(1200)) {
                passed++;
            }
        }
        assertThat(passed).isEqualTo(8);
    }
}
