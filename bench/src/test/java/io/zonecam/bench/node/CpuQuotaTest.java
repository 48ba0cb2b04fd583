package io.zonecam.bench.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's CPU budget: the command joins its group before it runs, keeps its pid, and the throttling is read back. */
class CpuQuotaTest {

    @Test
    void theCommandJoinsTheGroupWithItsOwnPid(@TempDir Path dir) throws Exception {
        // A plain directory stands in for the group: what the wrapper writes to cgroup.procs is the pid it execs.
        Files.createFile(dir.resolve("cgroup.procs"));
        CpuQuota quota = new CpuQuota(0.5, dir, false);
        Process p = new ProcessBuilder(quota.wrap(List.of("sh", "-c", "echo $$"))).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        assertThat(printed).isEqualTo(Long.toString(p.pid()));
        assertThat(Files.readString(dir.resolve("cgroup.procs")).trim()).isEqualTo(printed);
    }

    @Test
    void readsThrottlingOfBothCgroupVersions() {
        CpuQuota.Throttling v1 = CpuQuota.parse("""
                nr_periods 6000
                nr_throttled 1500
                throttled_time 2500000000
                nr_bursts 0
                burst_time 0
                """, false);
        assertThat(v1).isEqualTo(new CpuQuota.Throttling(6000, 1500, 2.5));
        CpuQuota.Throttling v2 = CpuQuota.parse("""
                usage_usec 30000000
                user_usec 25000000
                system_usec 5000000
                nr_periods 6000
                nr_throttled 1500
                throttled_usec 2500000
                """, true);
        assertThat(v2).isEqualTo(new CpuQuota.Throttling(6000, 1500, 2.5));
    }

    @Test
    void aRealGroupTakesTheCommandAndIsRemovedAfter() throws Exception {
        assumeThat(ProcessHandle.current().info().user().orElse("")).isEqualTo("root");
        String name = "zonecam-quota-test-" + ProcessHandle.current().pid();
        try (CpuQuota quota = CpuQuota.create(name, 0.2)) {
            Process p = new ProcessBuilder(quota.wrap(List.of("cat", "/proc/self/cgroup"))).start();
            String groups = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(groups).contains("/" + name);
            assertThat(quota.throttling().periods()).isGreaterThanOrEqualTo(0);
        }
        assertThat(Path.of("/sys/fs/cgroup/cpu", name)).doesNotExist();
        assertThat(Path.of("/sys/fs/cgroup", name)).doesNotExist();
    }
}
