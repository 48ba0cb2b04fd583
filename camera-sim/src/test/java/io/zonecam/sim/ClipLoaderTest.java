package io.zonecam.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.h264.AnnexB;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.rtp.H264Depacketizer;
import io.zonecam.media.rtp.NalDepacketizer;
import io.zonecam.media.rtp.RtpPacket;
import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.testing.Ffmpeg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClipLoaderTest {

    @Test
    void generatedClipIsMainProfileH264WithAacAsFfprobeSeesIt() throws Exception {
        List<Map<String, String>> streams = Ffmpeg.probe(
                null,
                TestClips.file(TestClips.MAIN).toString(),
                null,
                "stream=codec_name,profile,width,height,nb_read_frames,has_b_frames,sample_rate",
                true);
        assertThat(streams).hasSize(2);
        assertThat(streams.get(0))
                .containsEntry("codec_name", "h264")
                .containsEntry("profile", "Main")
                .containsEntry("width", "640")
                .containsEntry("height", "360")
                .containsEntry("nb_read_frames", "50")
                .containsEntry("has_b_frames", "0");
        assertThat(streams.get(1)).containsEntry("codec_name", "aac").containsEntry("sample_rate", "48000");
    }

    @Test
    void loadsAccessUnitsWithTimesKeyframesAndParameterSets() {
        Clip c = TestClips.load(TestClips.MAIN);
        assertThat(c.frameCount()).isEqualTo(50);
        assertThat(c.frameDuration()).isEqualTo(3600);
        assertThat(c.loopDuration()).isEqualTo(180_000);
        assertThat(c.width()).isEqualTo(640);
        assertThat(c.height()).isEqualTo(360);
        assertThat(c.hasCompositionOffsets()).isFalse();
        assertThat(c.profileLevelId()).startsWith("4d");
        for (Clip.VideoFrame f : c.video()) {
            assertThat(f.dts()).isEqualTo(f.index() * 3600L);
            assertThat(f.keyframe()).as("frame %d", f.index()).isEqualTo(f.index() % 25 == 0);
            // repeat-headers=1: every IDR carries SPS and PPS in front of its slices
            if (f.keyframe()) {
                assertThat(H264Nal.containsType(f.prefix(), H264Nal.SPS)).isTrue();
            }
        }
        assertThat(c.hasAudio()).isTrue();
        assertThat(c.audioRate()).isEqualTo(48_000);
        assertThat(c.audio().size()).isBetween(90, 100);
        assertThat(c.videoBitsPerSecond()).isBetween(500_000L, 1_500_000L);
    }

    @Test
    void bFrameClipHasCompositionOffsetsAndIncreasingDecodeTimes() {
        Clip c = TestClips.load(TestClips.BFRAMES);
        assertThat(c.hasCompositionOffsets()).isTrue();
        long prev = -1;
        for (Clip.VideoFrame f : c.video()) {
            assertThat(f.dts()).isGreaterThan(prev);
            assertThat(f.pts()).isGreaterThanOrEqualTo(f.dts());
            prev = f.dts();
        }
        assertThat(c.video().get(c.frameCount() - 1).pts())
                .isLessThan(c.loopDuration() + c.video().get(0).pts());
    }

    @Test
    void prePacketizedPayloadsDepacketizeBackToTheAccessUnits() {
        Clip c = TestClips.load(TestClips.MAIN);
        H264Depacketizer d =
                new H264Depacketizer(1, List.of(c.sps(), c.pps()), NalDepacketizer.DEFAULT_MAX_ACCESS_UNIT_BYTES);
        List<MediaFrame> out = new ArrayList<>();
        int seq = 0;
        for (Clip.VideoFrame f : c.video()) {
            List<byte[]> payloads = new ArrayList<>(f.rtpPrefix());
            payloads.addAll(f.rtpBody());
            for (int i = 0; i < payloads.size(); i++) {
                assertThat(payloads.get(i).length).isLessThanOrEqualTo(c.rtpMaxPayload());
                d.push(RtpPacket.of(96, i == payloads.size() - 1, seq++, f.pts(), 1, payloads.get(i)), out::add);
            }
        }
        assertThat(out).hasSize(c.frameCount());
        for (int i = 0; i < out.size(); i++) {
            byte[] expected = concat(c.video().get(i).prefix(), c.video().get(i).body());
            assertThat(AnnexB.fromLengthPrefixed(out.get(i).data()))
                    .as("access unit %d", i)
                    .isEqualTo(AnnexB.fromLengthPrefixed(expected));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
