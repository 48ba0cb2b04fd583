package io.zonecam.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.IngestProtocol;
import io.zonecam.sim.testing.LeakCheck;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.sim.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line runs N cameras from a URL template for a duration and writes per-camera counters. */
@ExtendWith(LeakCheck.class)
class CameraSimulatorCliTest {

    @TempDir
    Path dir;

    @Test
    void urlTemplateRunsEveryCameraForTheDurationAndWritesStats() throws Exception {
        try (TestNode node = TestNode.start(IngestProtocol.RTMP)) {
            String url = node.url("cli-{i}");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Path stats = dir.resolve("stats.csv");
            int code = new CommandLine(new CameraSimulator(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                    .execute(
                            "--cameras",
                            "3",
                            "--url",
                            url,
                            "--clip",
                            TestClips.file(TestClips.MAIN).toString(),
                            "--duration",
                            "3s",
                            "--summary-every",
                            "1s",
                            "--stats-out",
                            stats.toString());
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(code).as(out).isZero();
            assertThat(out).contains("cameras 3/3 publishing").contains("final ");
            List<String> lines = Files.readAllLines(stats);
            assertThat(lines).hasSize(4);
            assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l).matches("cli-[123],STOPPED,\\d+,\\d+,0,.*"));
            assertThat(node.sink.sessions).hasSize(3);
        }
    }

    @Test
    void moreThanOneCameraNeedsAPlaceholderInTheUrl() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new CameraSimulator(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        cli.setErr(new java.io.PrintWriter(bytes, true));
        int code = cli.execute(
                "--cameras",
                "2",
                "--url",
                "rtsp://127.0.0.1:1/live/a?token=x",
                "--clip",
                TestClips.file(TestClips.MAIN).toString());
        assertThat(code).isNotZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .as(bytes.toString(StandardCharsets.UTF_8))
                .contains("{i}");
    }
}
