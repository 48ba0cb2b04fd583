package io.zonecam.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpTimestampUnwrapperTest {

    @Test
    void continuesPastThe32BitWraparound() {
        RtpTimestampUnwrapper u = RtpTimestampUnwrapper.forClockRate(90_000);
        assertThat(u.unwrap(0xFFFF_FC18L)).isEqualTo(0); // 2^32 - 1000
        assertThat(u.unwrap(2600)).isEqualTo(3600); // wrapped: +3600
        assertThat(u.unwrap(6200)).isEqualTo(7200);
        assertThat(u.jumps()).isZero();
    }

    @Test
    void keepsSmallBackwardStepsOfReorderedFrames() {
        RtpTimestampUnwrapper u = RtpTimestampUnwrapper.forClockRate(90_000);
        u.unwrap(100);
        assertThat(u.unwrap(100 + 3 * 3600)).isEqualTo(3 * 3600);
        assertThat(u.unwrap(100 + 3600)).isEqualTo(3600); // B-frame displayed earlier
    }

    @Test
    void replacesJumpsByTheNominalStepAndCountsThem() {
        RtpTimestampUnwrapper u = new RtpTimestampUnwrapper(900_000, 3600, 1000);
        assertThat(u.unwrap(5)).isEqualTo(1000);
        assertThat(u.unwrap(5 + 2_000_000_000L)).isEqualTo(4600); // camera clock reset forward
        assertThat(u.lastWasJump()).isTrue();
        assertThat(u.unwrap(5 + 2_000_003_600L)).isEqualTo(8200);
        assertThat(u.lastWasJump()).isFalse();
        assertThat(u.jumps()).isEqualTo(1);
    }
}
