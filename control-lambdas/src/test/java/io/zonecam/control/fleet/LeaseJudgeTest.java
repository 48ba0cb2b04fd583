package io.zonecam.control.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.control.fleet.LeaseJudge.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseJudgeTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final LeaseJudge JUDGE = new LeaseJudge(LEASE, Duration.ofSeconds(10));
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void shouldLeaveANodeWithAValidLeaseAlone() {
        assertThat(JUDGE.judge(at(100), at(0), at(101), null)).isEqualTo(Verdict.ALIVE);
        assertThat(JUDGE.judge(at(100), at(0), at(100), null)).isEqualTo(Verdict.ALIVE);
    }

    @Test
    void shouldJudgeNoLeaseUntilTheControlPlaneHasWatchedTheZoneForALease() {
        // The control plane resumed at 60 after a pause: every lease ran out meanwhile, none counts before 90.
        assertThat(JUDGE.judge(at(61), at(60), at(40), null)).isEqualTo(Verdict.ALIVE);
        assertThat(JUDGE.judge(at(90), at(60), at(40), null)).isEqualTo(Verdict.ALIVE);
        assertThat(JUDGE.judge(at(91), at(60), at(40), null)).isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void shouldConfirmADeathOnlyOnALaterSweepOfTheSameWatch() {
        assertThat(JUDGE.judge(at(100), at(0), at(50), null)).isEqualTo(Verdict.SUSPECT);
        assertThat(JUDGE.judge(at(105), at(0), at(50), at(100))).isEqualTo(Verdict.SUSPECTED);
        assertThat(JUDGE.judge(at(110), at(0), at(50), at(100))).isEqualTo(Verdict.DEAD);
    }

    @Test
    void shouldForgetASuspicionFromBeforeTheControlPlaneStoppedWatching() {
        // Suspected at 100, then the control plane was blind and its watch restarted at 130.
        assertThat(JUDGE.judge(at(150), at(130), at(50), at(100))).isEqualTo(Verdict.ALIVE);
        assertThat(JUDGE.judge(at(170), at(130), at(50), at(100))).isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void shouldForgetASuspicionOnceTheNodeIsHeardFrom() {
        assertThat(JUDGE.judge(at(105), at(0), at(135), at(100))).isEqualTo(Verdict.ALIVE);
    }
}
