package io.zonecam.bench.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** One CPU's busy, softirq and stolen time from /proc/stat. */
class CpuTimesTest {

    private static final String BEFORE = """
            cpu  300 0 100 500 0 0 20 0 0 0
            cpu0 100 0 50 300 10 0 10 0 0 0
            cpu1 200 0 50 200 0 0 10 5 0 0
            intr 1 2 3
            """;
    private static final String AFTER = """
            cpu  300 0 100 500 0 0 20 0 0 0
            cpu0 160 0 70 300 10 0 30 0 0 0
            cpu1 230 0 50 260 0 0 10 15 0 0
            """;

    @Test
    void takesTheNamedCpusLineNotTheTotal() {
        CpuTimes cpu1 = CpuTimes.parse(BEFORE, 1);
        assertThat(cpu1.busy()).isEqualTo(260);
        assertThat(cpu1.steal()).isEqualTo(5);
        assertThat(cpu1.total()).isEqualTo(465);
    }

    @Test
    void givesTheWindowsBusySoftirqAndStealFractions() {
        // cpu0: 100 busy ticks of 100 (fully busy), 20 of them softirq; cpu1: 30 busy, 60 idle, 10 stolen of 100
        assertThat(CpuTimes.fractions(CpuTimes.parse(BEFORE, 0), CpuTimes.parse(AFTER, 0)))
                .containsExactly(new double[] {1.0, 0.2, 0.0}, within(1e-9));
        assertThat(CpuTimes.fractions(CpuTimes.parse(BEFORE, 1), CpuTimes.parse(AFTER, 1)))
                .containsExactly(new double[] {0.3, 0.0, 0.1}, within(1e-9));
    }

    @Test
    void readsThisMachinesCpuZero() throws Exception {
        CpuTimes cpu0 = CpuTimes.of("0");
        assertThat(cpu0.total()).isPositive().isGreaterThanOrEqualTo(cpu0.busy());
        assertThat(CpuTimes.of("0-1")).isNull();
    }
}
