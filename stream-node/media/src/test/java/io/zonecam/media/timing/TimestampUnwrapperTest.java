package io.zonecam.media.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** 32-bit RTP and RTMP timestamps onto a 64-bit line. */
class TimestampUnwrapperTest {

    @Test
    void continuesPastThe32BitWraparound() {
        TimestampUnwrapper u = TimestampUnwrapper.forClockRate(90_000);
        assertThat(u.unwrap(0xFFFF_FC18L)).isEqualTo(0); // 2^32 - 1000
        assertThat(u.unwrap(2600)).isEqualTo(3600); // wrapped: +3600
        assertThat(u.unwrap(6200)).isEqualTo(7200);
        assertThat(u.jumps()).isZero();
    }

    @Test
    void keepsSmallBackwardStepsOfReorderedFrames() {
        TimestampUnwrapper u = TimestampUnwrapper.forClockRate(90_000);
        u.unwrap(100);
        assertThat(u.unwrap(100 + 3 * 3600)).isEqualTo(3 * 3600);
        assertThat(u.unwrap(100 + 3600)).isEqualTo(3600); // B-frame displayed earlier
    }

    @Test
    void replacesJumpsByTheNominalStepAndCountsThem() {
        TimestampUnwrapper u = new TimestampUnwrapper(900_000, 3600, 1000);
        assertThat(u.unwrap(5)).isEqualTo(1000);
        assertThat(u.unwrap(5 + 2_000_000_000L)).isEqualTo(4600); // camera clock reset forward
        assertThat(u.lastWasJump()).isTrue();
        assertThat(u.unwrap(5 + 2_000_003_600L)).isEqualTo(8200);
        assertThat(u.lastWasJump()).isFalse();
        assertThat(u.jumps()).isEqualTo(1);
    }

    @Test
    void continuousMapsTheFirstValueToItselfAndCrossesTheWrapBothWays() {
        // RTMP milliseconds: the tracks of a session share the clock, so no track is rebased.
        TimestampUnwrapper u = TimestampUnwrapper.continuous();
        assertThat(u.unwrap(0xFFFF_FF00L)).isEqualTo(0xFFFF_FF00L);
        assertThat(u.unwrap(0x0000_0100L)).isEqualTo(0x1_0000_0100L);
        assertThat(u.unwrap(0xFFFF_FFF0L)).isEqualTo(0xFFFF_FFF0L); // back across the wrap by 0x110
        assertThat(u.unwrap(0x0000_0200L)).isEqualTo(0x1_0000_0200L);
        assertThat(u.unwrap(0x0000_0200L + 3_600_000L)).isEqualTo(0x1_0000_0200L + 3_600_000L); // an hour: no jump
        assertThat(u.jumps()).isZero();
    }
}
