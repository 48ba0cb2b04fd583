package io.zonecam.bench.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-thread CPU from /proc/<pid>/task/<tid>/stat, grouped by name without digits. */
class ThreadCpuTest {

    @Test
    void parsesANameWithSpacesAndParentheses() {
        ThreadCpu.Thread t = ThreadCpu.parse(
                "4242 (C2 Compiler (x) 1) S 1 4242 4242 0 -1 4194368 100 0 0 0 37 5 0 0 20 0 30 0 1 2 3\n");
        assertThat(t.name()).isEqualTo("C2 Compiler (x) 1");
        assertThat(t.ticks()).isEqualTo(42);
    }

    @Test
    void groupsTheWindowsTicksByNameWithoutDigits(@TempDir Path dir) throws Exception {
        task(dir, 10, "vert.x-eventloo", 100);
        task(dir, 11, "vert.x-eventloo", 200);
        task(dir, 12, "C2 CompilerThre", 50);
        task(dir, 13, "ended", 10);
        ThreadCpu from = ThreadCpu.of(dir, 0);
        task(dir, 10, "vert.x-eventloo", 150); // +50
        task(dir, 11, "vert.x-eventloo", 210); // +10
        task(dir, 12, "C2 CompilerThre", 51); // +1
        Files.walk(dir.resolve("13"))
                .sorted((a, b) -> b.compareTo(a))
                .forEach(p -> p.toFile().delete());
        task(dir, 14, "pool-3-thread-7", 4); // born in the window: all of it
        ThreadCpu to = ThreadCpu.of(dir, 10_000_000_000L); // 10 s later

        List<ThreadCpu.Group> top = ThreadCpu.top(from, to, 2);
        assertThat(top).extracting(ThreadCpu.Group::name).containsExactly("vert.x-eventloo", "pool--thread-");
        assertThat(top.get(0).threads()).isEqualTo(2);
        assertThat(top.get(0).cores()).isCloseTo(0.6 / 10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(top.get(1).cores()).isCloseTo(0.04 / 10, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static void task(Path dir, long tid, String name, long utime) throws Exception {
        Path t = Files.createDirectories(dir.resolve(Long.toString(tid)));
        Files.writeString(
                t.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 0 0 0 0 0 " + utime + " 0 0 0 20 0 1 0 1 2 3\n");
    }
}
