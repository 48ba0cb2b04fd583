package io.zonecam.sim.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.ingest.rtmp.RtmpChunkDecoder;
import io.zonecam.ingest.rtmp.RtmpMessage;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.h264.FrameMarker;
import io.zonecam.sim.clip.Clip;
import io.zonecam.sim.testing.TestClips;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The publisher's own media chunking, read back by the ingest module's chunk decoder: 128-byte chunks, format 3
 * continuations, and the extended timestamp (RTMP 1.0 §5.3.1.3) once a session runs past 0xFFFFFF ms (4.66 hours).
 */
class RtmpMediaChunkingTest {

    @Test
    void videoTagsSurviveChunkingIncludingExtendedTimestamps() {
        Clip clip = TestClips.load(TestClips.MAIN);
        ConnectionConfig small = new ConnectionConfig(
                ConnectionConfig.defaults().connectTimeout(),
                ConnectionConfig.defaults().confirmTimeout(),
                ConnectionConfig.defaults().linger(),
                1 << 20,
                2 << 20,
                128,
                0);
        EmbeddedChannel out = new EmbeddedChannel();
        RtmpPublisher p = new RtmpPublisher(new PublishConnection.Setup(
                PublishTarget.of("rtmp://127.0.0.1/live/cam-x?token=t"),
                "cam-x",
                clip,
                small,
                out.eventLoop(),
                new PublishConnection.Listener() {
                    @Override
                    public void confirmed(PublishConnection c) {}

                    @Override
                    public void closed(PublishConnection c, String reason) {}
                }));
        p.attach(out);
        long far = 0x1000000L * 90 + 3600; // 16 777 256 ms: needs the extended timestamp
        VideoSample first = sample(clip, 0, 0, 0);
        VideoSample second = sample(clip, 1, far, 1);
        assertThat(p.video(first)).isEqualTo(PublishConnection.Outcome.SENT);
        assertThat(p.video(second)).isEqualTo(PublishConnection.Outcome.SENT);
        p.flush();

        EmbeddedChannel in = new EmbeddedChannel(new RtmpChunkDecoder(1 << 20, 1 << 24, 16));
        // Set Chunk Size 128 is the default already; the decoder reads our chunks as the node would.
        for (ByteBuf b; (b = out.readOutbound()) != null; ) {
            in.writeInbound(b);
        }
        RtmpMessage m1 = in.readInbound();
        RtmpMessage m2 = in.readInbound();
        assertThat(m1.typeId()).isEqualTo(RtmpMessage.VIDEO);
        assertThat(m1.timestamp()).isZero();
        assertThat(m2.timestamp()).isEqualTo(far / 90);
        check(m1, first, clip.video().get(0));
        check(m2, second, clip.video().get(1));
        assertThat(p.bytesSent())
                .isGreaterThan(first.frame().size() + second.frame().size());
        out.finishAndReleaseAll();
        in.finishAndReleaseAll();
    }

    private static VideoSample sample(Clip clip, int index, long dts, long counter) {
        byte[] marker = new FrameMarker("cam-x", counter, 1_000_000).toH264Nal();
        return new VideoSample(clip.video().get(index), dts, dts, counter, marker, 1_000_000);
    }

    private static void check(RtmpMessage m, VideoSample s, Clip.VideoFrame f) {
        byte[] p = m.payload();
        assertThat(p[0]).isEqualTo((byte) (f.keyframe() ? 0x17 : 0x27));
        assertThat(p[1]).isEqualTo((byte) 1);
        assertThat(Arrays.copyOfRange(p, 2, 5)).containsExactly(0, 0, 0); // no composition offset
        byte[] au = Arrays.copyOfRange(p, 5, p.length);
        assertThat(au.length).isEqualTo(f.size() + 4 + s.marker().length);
        assertThat(FrameMarker.find(au, Codec.H264).orElseThrow().frameCounter())
                .isEqualTo(s.counter());
        assertThat(Arrays.copyOfRange(au, au.length - f.body().length, au.length))
                .isEqualTo(f.body());
    }
}
