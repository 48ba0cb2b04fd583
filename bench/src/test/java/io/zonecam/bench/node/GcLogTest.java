package io.zonecam.bench.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's GC log as -Xlog:gc:file=...:time writes it, for Serial and G1. */
class GcLogTest {

    @Test
    void readsPausesHeapAfterAndTheCollector(@TempDir Path dir) throws Exception {
        GcLog gc = read(dir, """
                [2026-12-05T23:10:00.000+0000] Using Serial
                [2026-12-05T23:10:01.500+0000] GC(0) Pause Young (Allocation Failure) 68M->12M(247M) 9.183ms
                [2026-12-05T23:11:01.500+0000] GC(1) Pause Full (Allocation Failure) 900M->482M(1024M) 229.196ms
                [2026-12-05T23:12:01.500+0000] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 520M->490M(1024M) 5.000ms
                """);
        assertThat(gc.collector).isEqualTo("Serial");
        assertThat(gc.pauses).hasSize(3);
        assertThat(gc.pauses.get(1).heapAfterMiB()).isEqualTo(482);
        assertThat(GcLog.maxMillis(gc.pauses)).isEqualTo(229.196);
        long from = gc.pauses.get(1).atMillis();
        assertThat(gc.between(from, from + 120_000)).hasSize(2);
        // 12 MiB then 482 then 490, a minute apart: a steep climb per hour.
        assertThat(GcLog.heapSlopeMiBPerHour(gc.pauses)).isGreaterThan(10_000);
    }

    @Test
    void fitsTheLeakSlopeToFullCollectionsWhenThereAreSome(@TempDir Path dir) throws Exception {
        GcLog gc = read(dir, """
                [2026-12-05T23:00:00.000+0000] Using Serial
                [2026-12-05T23:00:30.000+0000] GC(0) Pause Full (Allocation Failure) 800M->100M(500M) 150.000ms
                [2026-12-05T23:10:30.000+0000] GC(1) Pause Full (Allocation Failure) 800M->70M(365M) 150.000ms
                [2026-12-05T23:20:30.000+0000] GC(2) Pause Full (Allocation Failure) 800M->100M(500M) 150.000ms
                [2026-12-05T23:30:30.000+0000] GC(3) Pause Full (Allocation Failure) 800M->90M(480M) 150.000ms
                [2026-12-05T23:31:10.000+0000] GC(4) Pause Young (Allocation Failure) 500M->408M(500M) 2.000ms
                """);
        assertThat(gc.pauses.get(0).full()).isTrue();
        assertThat(gc.pauses.get(4).full()).isFalse();
        // The full collections are flat; the last young collection's 408 MiB is old garbage, not retained.
        assertThat(Math.abs(GcLog.heapSlopeMiBPerHour(gc.pauses))).isLessThan(40);
    }

    @Test
    void skipsAndCountsAPauseLineWhoseTimeCannotBeRead(@TempDir Path dir) throws Exception {
        GcLog gc = read(dir, """
                [2026-12-05T23:00:00.000+0000] Using Serial
                [2026-12-05T23:00:30.000+0000] GC(0) Pause Young (Allocation Failure) 100M->20M(384M) 3.000ms
                [2026-12-05T23:0] GC(1) Pause Young (Allocation Failure) 100M->20M(384M) 3.000ms
                [2026-12-05T23:01:30.000+00:00] GC(2) Pause Young (Allocation Failure) 100M->21M(384M) 3.000ms
                """);
        assertThat(gc.pauses).hasSize(2);
        assertThat(gc.unreadable).isEqualTo(1);
        assertThat(gc.pauses.get(1).atMillis() - gc.pauses.get(0).atMillis()).isEqualTo(60_000);
    }

    /** The log as the node writes it to {@code gc.log}, read back. */
    private static GcLog read(Path dir, String text) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, text);
        return GcLog.read(log);
    }
}
