package io.zonecam.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegTest {

    @TempDir
    Path dir;

    @Test
    void shouldProbeWhatFfmpegWrote() throws IOException {
        assumeTrue(Ffmpeg.available(), "ffmpeg/ffprobe not installed");
        Ffmpeg.check(
                dir,
                "ffmpeg",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=64x48:rate=10",
                "-t",
                "1",
                "-c:v",
                "libx264",
                "-g",
                "5",
                "-bf",
                "0",
                "clip.mp4");

        assertThat(Ffmpeg.videoFrames(dir, "clip.mp4")).isEqualTo(10);
        List<Map<String, String>> packets = Ffmpeg.packets(dir, "clip.mp4", "v:0", "pts,flags");
        assertThat(packets).hasSize(10);
        assertThat(packets.get(0)).containsEntry("pts", "0").containsKey("flags");
        assertThat(Ffmpeg.stream(dir, "clip.mp4", "v:0", "codec_name,width"))
                .containsEntry("codec_name", "h264")
                .containsEntry("width", "64");
    }

    @Test
    void shouldFailOnANonZeroExitWithItsErrorOutput() {
        assumeTrue(Ffmpeg.available(), "ffmpeg/ffprobe not installed");
        assertThatThrownBy(() -> Ffmpeg.check(dir, "ffprobe", "-v", "error", "missing.mp4"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing.mp4");
    }
}
