package io.zonecam.control.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.control.problem.ProblemException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets of refused claims alone, on a clock the test moves. */
class ClaimThrottleTest {

    final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    final ClaimThrottle throttle = new ClaimThrottle(
            new ClaimThrottle.Rate(3, Duration.ofSeconds(6)),
            new ClaimThrottle.Rate(5, Duration.ofSeconds(10)),
            clock::get);
    final UUID org = UUID.randomUUID();
    final UUID otherOrg = UUID.randomUUID();

    @Test
    void shouldRefuseAnOrganizationPastItsBurstUntilATokenComesBack() {
        for (int i = 0; i < 3; i++) {
            throttle.admit(org, "10.0.0.1");
            throttle.refused(org, "10.0.0.1");
        }
        assertThatThrownBy(() -> throttle.admit(org, "10.0.0.2")).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.headers()).containsEntry("Retry-After", "6");
        });
        // Another organization from another address is not affected.
        assertThatNoException().isThrownBy(() -> throttle.admit(otherOrg, "10.0.0.2"));
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThatThrownBy(() -> throttle.admit(org, "10.0.0.2"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.headers()).containsEntry("Retry-After", "2"));
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatNoException().isThrownBy(() -> throttle.admit(org, "10.0.0.2"));
    }

    @Test
    void shouldRefuseAnAddressPastItsBurstWhateverTheOrganization() {
        for (int i = 0; i < 5; i++) {
            UUID each = UUID.randomUUID();
            throttle.admit(each, "192.0.2.7");
            throttle.refused(each, "192.0.2.7");
        }
        assertThatThrownBy(() -> throttle.admit(UUID.randomUUID(), "192.0.2.7"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.headers()).containsEntry("Retry-After", "10"));
        assertThatNoException().isThrownBy(() -> throttle.admit(UUID.randomUUID(), "192.0.2.8"));
    }
}
