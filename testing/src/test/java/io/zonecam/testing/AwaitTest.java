package io.zonecam.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void shouldReturnOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until("the third poll", Duration.ofSeconds(5), () -> polls.incrementAndGet() >= 3);
        assertThat(polls).hasValue(3);
    }

    @Test
    void shouldFailNamingWhatWasAwaited() {
        assertThatThrownBy(() -> Await.until("never", Duration.ofMillis(50), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("waiting for: never");
    }

    @Test
    void shouldReturnTheAcceptedValueAndTreatAThrowingProbeAsNotDone() {
        AtomicInteger polls = new AtomicInteger();
        int value = Await.value(
                "a value of 2",
                Duration.ofSeconds(5),
                () -> {
                    if (polls.incrementAndGet() == 1) {
                        throw new IllegalStateException("not up yet");
                    }
                    return polls.get();
                },
                v -> v == 2);
        assertThat(value).isEqualTo(2);
    }

    @Test
    void shouldReportTheLastValueOrError() {
        assertThatThrownBy(() -> Await.value("five", Duration.ofMillis(50), () -> 4, v -> v == 5))
                .hasMessageContaining("last value: 4");
        assertThatThrownBy(() -> Await.value(
                        "a probe that works",
                        Duration.ofMillis(50),
                        () -> {
                            throw new IllegalStateException("down");
                        },
                        v -> true))
                .hasMessageContaining("last error: java.lang.IllegalStateException: down")
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
