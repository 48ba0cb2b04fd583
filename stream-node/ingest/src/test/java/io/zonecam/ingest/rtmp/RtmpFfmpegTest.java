package io.zonecam.ingest.rtmp;

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

/** Publishes generated clips with the real ffmpeg RTMP client and checks what reaches the sink. */
@ExtendWith(NettyLeakCheck.class)
class RtmpFfmpegTest {

    private final RecordingSink sink = new RecordingSink();
    private final TestAuthorizer authorizer = new TestAuthorizer();
    private RtmpServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Ffmpeg.available(), "ffmpeg not installed");
        server = new RtmpServer(
                RtmpServerConfig.builder().host("127.0.0.1").port(0).build(), authorizer, sink, null);
        port = server.start().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private String url(String camera, String token) {
        return "rtmp://127.0.0.1:" + port + "/live/" + camera + (token == null ? "" : "?token=" + token);
    }

    private static List<String> args(List<String> input, List<String> codec, String url) {
        List<String> a = new ArrayList<>(input);
        a.addAll(codec);
        a.addAll(List.of("-f", "flv", url));
        return a;
    }

    /** Runs one ffmpeg publish to its end and returns the only session the sink saw. */
    private RecordingSink.Recorded publishAndWait(List<String> args) throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(args, 30);
        assertThat(r.exitCode()).as(r.log()).isZero();
        return sink.awaitOnlyEnded();
    }

    @Test
    void h264HighWithBFramesArrivesWithEveryFrameAndCompositionOffsets() throws Exception {
        int frames = 50;
        RecordingSink.Recorded s = publishAndWait(args(
                Ffmpeg.testClip(frames, true),
                FrameChecks.concat(
                        Ffmpeg.x264("high", 2, 25), "-x264-params", "b-adapt=0", "-c:a", "aac", "-b:a", "64k"),
                url("cam-high", TestAuthorizer.tokenFor("cam-high"))));
        assertThat(s.violations).isEmpty();
        assertThat(s.session.cameraId()).isEqualTo("cam-high");
        assertThat(s.session.protocol()).isEqualTo(IngestProtocol.RTMP);
        assertThat(s.endReason).isIn(EndReason.UNPUBLISHED, EndReason.CONNECTION_CLOSED);
        TrackInfo video = s.track(FlvMediaDemuxer.VIDEO_TRACK);
        assertThat(video.codec()).isEqualTo(Codec.H264);
        assertThat(video.width()).isEqualTo(320);
        assertThat(video.height()).isEqualTo(240);
        assertThat(video.parameterSets()).hasSize(2);
        assertThat(video.parameterSets().get(0)[0] & 0x1F).isEqualTo(7);
        TrackInfo audio = s.track(FlvMediaDemuxer.AUDIO_TRACK);
        assertThat(audio.codec()).isEqualTo(Codec.AAC);
        assertThat(audio.sampleRate()).isEqualTo(44100);
        assertThat(audio.channels()).isEqualTo(1);
        assertThat(s.session.tracks()).hasSize(2); // both configs arrived before the session started

        List<MediaFrame> v = s.framesOf(FlvMediaDemuxer.VIDEO_TRACK);
        assertThat(v).hasSize(frames);
        assertThat(v.get(0).keyframe()).isTrue();
        assertThat(v.stream().filter(MediaFrame::keyframe).count()).isEqualTo(2); // -g 25 over 50 frames
        FrameChecks.assertDecodeOrder(v);
        assertThat(v.stream().anyMatch(f -> f.compositionOffset() > 0))
                .as("B-frames reorder")
                .isTrue();
        assertThat(s.framesOf(FlvMediaDemuxer.AUDIO_TRACK)).hasSizeGreaterThan(50);
        assertThat(server.counters().frames()).isEqualTo(s.frames.size());
        assertThat(server.counters().sessionsActive()).isZero();
    }

    @Test
    void h264MainWithoutBFramesHasPtsEqualToDts() throws Exception {
        int frames = 40;
        RecordingSink.Recorded s = publishAndWait(args(
                Ffmpeg.testClip(frames, false),
                Ffmpeg.x264("main", 0, 20),
                url("cam-main", TestAuthorizer.tokenFor("cam-main"))));
        assertThat(s.session.tracks()).extracting(TrackInfo::codec).containsExactly(Codec.H264);
        List<MediaFrame> v = s.framesOf(FlvMediaDemuxer.VIDEO_TRACK);
        assertThat(v).hasSize(frames);
        assertThat(v).allSatisfy(f -> assertThat(f.pts()).isEqualTo(f.dts()));
        assertThat(v.stream().filter(MediaFrame::keyframe).count()).isEqualTo(2);
        FrameChecks.assertDecodeOrder(v);
        // 25 fps in milliseconds: 40 ms steps.
        assertThat(v.get(v.size() - 1).dts() - v.get(0).dts()).isEqualTo((frames - 1) * 40L);
    }

    @Test
    void wrongTokenIsRefusedAndFfmpegFails() throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(
                args(Ffmpeg.testClip(10, false), Ffmpeg.x264("baseline", 0, 25), url("cam-x", "stolen")), 20);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log()).contains("not authorized");
        assertThat(sink.sessions).isEmpty();
        assertThat(server.counters().rejected(RejectReason.FORBIDDEN)).isEqualTo(1);
    }

    @Test
    void missingTokenIsRefusedAndFfmpegFails() throws Exception {
        Ffmpeg.Result r =
                Ffmpeg.run(args(Ffmpeg.testClip(10, false), Ffmpeg.x264("baseline", 0, 25), url("cam-x", null)), 20);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log()).contains("authorization required");
        assertThat(sink.sessions).isEmpty();
        assertThat(server.counters().rejected(RejectReason.TOKEN_MISSING)).isEqualTo(1);
    }
}
