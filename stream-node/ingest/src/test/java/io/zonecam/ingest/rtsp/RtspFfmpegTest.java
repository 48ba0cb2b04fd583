package io.zonecam.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.RejectReason;
import io.zonecam.ingest.testing.Ffmpeg;
import io.zonecam.ingest.testing.FrameChecks;
import io.zonecam.ingest.testing.RecordingSink;
import io.zonecam.ingest.testing.TestAuthorizer;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.testing.NettyLeakCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Publishes generated clips with the real ffmpeg RTSP muxer (ANNOUNCE/RECORD) over TCP and UDP. */
@ExtendWith(NettyLeakCheck.class)
class RtspFfmpegTest {

    private final RecordingSink sink = new RecordingSink();
    private final TestAuthorizer authorizer = new TestAuthorizer();
    private RtspServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Ffmpeg.available(), "ffmpeg not installed");
        server = new RtspServer(
                RtspServerConfig.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .udpPorts(41000, 41099)
                        .build(),
                authorizer,
                sink,
                null);
        port = server.start().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
            assertThat(server.udpPortPairsInUse()).isZero();
        }
    }

    private String url(String camera, String token) {
        return "rtsp://127.0.0.1:" + port + "/live/" + camera + (token == null ? "" : "?token=" + token);
    }

    private static List<String> args(List<String> input, List<String> codec, String transport, String url) {
        List<String> a = new ArrayList<>(input);
        a.addAll(codec);
        a.addAll(List.of("-f", "rtsp", "-rtsp_transport", transport, url));
        return a;
    }

    private RecordingSink.Recorded publishAndWait(List<String> args) throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(args, 30);
        assertThat(r.exitCode()).as(r.log()).isZero();
        RecordingSink.Recorded s = sink.awaitOnlyEnded();
        assertThat(s.violations).isEmpty();
        assertThat(s.endReason).isEqualTo(EndReason.UNPUBLISHED);
        assertThat(s.session.protocol()).isEqualTo(IngestProtocol.RTSP);
        return s;
    }

    @Test
    void h264HighWithBFramesOverTcpArrivesWholeWithDerivedDts() throws Exception {
        int frames = 50;
        RecordingSink.Recorded s = publishAndWait(args(
                Ffmpeg.testClip(frames, true),
                FrameChecks.concat(Ffmpeg.x264("high", 2, 25), "-c:a", "aac", "-b:a", "64k"),
                "tcp",
                url("cam-tcp", TestAuthorizer.tokenFor("cam-tcp"))));
        assertThat(s.session.cameraId()).isEqualTo("cam-tcp");
        assertThat(s.session.tracks()).extracting(TrackInfo::codec).containsExactly(Codec.H264, Codec.AAC);
        TrackInfo video = s.session.tracks().get(0);
        assertThat(video.width()).isEqualTo(320);
        assertThat(video.height()).isEqualTo(240);
        assertThat(video.timescale()).isEqualTo(90000);
        TrackInfo audio = s.session.tracks().get(1);
        assertThat(audio.sampleRate()).isEqualTo(44100);
        assertThat(audio.audioSpecificConfig()).isNotEmpty();

        List<MediaFrame> v = s.framesOf(video.trackId());
        assertThat(v).hasSize(frames);
        assertThat(v.get(0).keyframe()).isTrue();
        assertThat(v.stream().filter(MediaFrame::keyframe).count()).isEqualTo(2);
        FrameChecks.assertDecodeOrder(v);
        assertThat(v.stream().anyMatch(f -> f.compositionOffset() > 0))
                .as("B-frames reorder")
                .isTrue();
        // Presentation times are the 25 fps grid: sorted, they step by 3600 ticks of 90 kHz.
        FrameChecks.assertPresentationGrid(v, 3600);
        assertThat(s.framesOf(audio.trackId())).hasSizeGreaterThan(50);
    }

    @Test
    void h264MainWithoutBFramesOverUdpHasPtsEqualToDts() throws Exception {
        int frames = 50;
        RecordingSink.Recorded s = publishAndWait(args(
                Ffmpeg.testClip(frames, false),
                Ffmpeg.x264("main", 0, 25),
                "udp",
                url("cam-udp", TestAuthorizer.tokenFor("cam-udp"))));
        List<MediaFrame> v = s.framesOf(s.videoTrack().trackId());
        // Loopback UDP at 25 fps does not drop; a lost packet would cost its frame and the rest of the GOP.
        assertThat(v).hasSize(frames);
        assertThat(v).allSatisfy(f -> assertThat(f.pts()).isEqualTo(f.dts()));
        assertThat(v.stream().filter(MediaFrame::keyframe).count()).isEqualTo(2);
        FrameChecks.assertDecodeOrder(v);
        assertThat(server.udpPortPairsInUse()).isZero();
    }

    @Test
    void h265OverTcpReportsSizeFromTheSps() throws Exception {
        int frames = 30;
        RecordingSink.Recorded s = publishAndWait(args(
                Ffmpeg.testClip(frames, false),
                List.of(
                        "-c:v",
                        "libx265",
                        "-pix_fmt",
                        "yuv420p",
                        "-preset",
                        "ultrafast",
                        "-g",
                        "15",
                        "-x265-params",
                        "log-level=error:bframes=2:scenecut=0"),
                "tcp",
                url("cam-hevc", TestAuthorizer.tokenFor("cam-hevc"))));
        TrackInfo video = s.videoTrack();
        assertThat(video.codec()).isEqualTo(Codec.H265);
        assertThat(video.width()).isEqualTo(320);
        assertThat(video.height()).isEqualTo(240);
        assertThat(video.parameterSets()).hasSize(3);
        List<MediaFrame> v = s.framesOf(video.trackId());
        assertThat(v).hasSize(frames);
        assertThat(v.get(0).keyframe()).isTrue();
        FrameChecks.assertDecodeOrder(v);
    }

    @Test
    void basicAuthPasswordIsAcceptedAsTheToken() throws Exception {
        String url = "rtsp://device:" + TestAuthorizer.tokenFor("cam-basic") + "@127.0.0.1:" + port + "/live/cam-basic";
        RecordingSink.Recorded s =
                publishAndWait(args(Ffmpeg.testClip(10, false), Ffmpeg.x264("baseline", 0, 10), "tcp", url));
        assertThat(s.session.cameraId()).isEqualTo("cam-basic");
        assertThat(s.framesOf(s.videoTrack().trackId())).hasSize(10);
        // ffmpeg first asks without credentials, gets 401 with a Basic challenge, then retries.
        assertThat(server.counters().rejected(RejectReason.TOKEN_MISSING)).isEqualTo(1);
    }

    @Test
    void wrongTokenIsRefusedWith403AndFfmpegFails() throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(
                args(Ffmpeg.testClip(10, false), Ffmpeg.x264("baseline", 0, 10), "tcp", url("cam-x", "stolen")), 20);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log()).contains("403");
        assertThat(sink.sessions).isEmpty();
        assertThat(server.counters().rejected(RejectReason.FORBIDDEN)).isEqualTo(1);
    }

    @Test
    void missingTokenIsRefusedWith401AndFfmpegFails() throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(
                args(Ffmpeg.testClip(10, false), Ffmpeg.x264("baseline", 0, 10), "tcp", url("cam-x", null)), 20);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log()).contains("401");
        assertThat(sink.sessions).isEmpty();
        // ffmpeg retries the ANNOUNCE once after a 401 before giving up.
        assertThat(server.counters().rejected(RejectReason.TOKEN_MISSING)).isBetween(1L, 2L);
    }
}
