package io.zonecam.bench.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.bench.ThroughputBenchmark;
import io.zonecam.bench.media.SyntheticH264;
import io.zonecam.ingest.rtmp.FlvMediaDemuxer;
import io.zonecam.ingest.rtmp.RtmpChunkDecoder;
import io.zonecam.ingest.rtmp.RtmpChunkEncoder;
import io.zonecam.ingest.rtmp.RtmpMessage;
import io.zonecam.ingest.rtsp.InterleavedFrame;
import io.zonecam.ingest.rtsp.RtspDecoder;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.rtp.Depacketizer;
import io.zonecam.media.rtp.DepacketizerFactory;
import io.zonecam.media.rtp.H264Packetizer;
import io.zonecam.media.rtp.PayloadSink;
import io.zonecam.media.rtp.RtpPacket;
import io.zonecam.media.sdp.SessionDescription;
import io.zonecam.media.timing.DtsEstimator;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * IngestDecodeBenchmark measures the ingest hot path from socket bytes to MediaFrames for one 2 Mb/s, 25 fps H.264
 * camera: RTMP (chunk decoder + FLV demuxer) and RTSP over TCP (interleaved decoder + RTP parse + H.264
 * depacketizer + DTS estimator), in video frames per second.
 *
 * <p>Frames per second per core divided by 25 is how many such cameras one core can ingest, before recording.
 * Run: {@code java -jar bench/target/benchmarks.jar IngestDecodeBenchmark -f 1 -wi 2 -i 3}.
 */
public class IngestDecodeBenchmark extends ThroughputBenchmark {

    /** 10 s of video, a keyframe every 2 s. */
    static final int FRAMES = SyntheticH264.FRAMES;

    private static final byte[] SPS = HexFormat.of().parseHex("674d400deca0a0fd80880000030008000003019078a14cb0");
    private static final byte[] PPS = HexFormat.of().parseHex("68ce0fc8");
    private static final String SDP = "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=b\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
            + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=control:streamid=0\r\n";

    private byte[] rtmpStream;
    private byte[] rtspStream;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        byte[][] slices = new byte[FRAMES][];
        for (int i = 0; i < FRAMES; i++) {
            slices[i] = SyntheticH264.slice(random, i);
        }
        rtmpStream = buildRtmp(slices);
        rtspStream = buildRtsp(slices);
    }

    private static byte[] lengthPrefixed(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.write(n.length >>> 24);
            out.write(n.length >>> 16);
            out.write(n.length >>> 8);
            out.write(n.length);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    private static byte[] buildRtmp(byte[][] slices) {
        RtmpChunkEncoder encoder = new RtmpChunkEncoder();
        encoder.chunkSize(4096); // what ffmpeg and OBS use
        EmbeddedChannel ch = new EmbeddedChannel(encoder);
        ch.writeOutbound(new RtmpMessage(2, RtmpMessage.SET_CHUNK_SIZE, 0, 0, new byte[] {0, 0, 0x10, 0}));
        ByteArrayOutputStream avcc = new ByteArrayOutputStream();
        avcc.writeBytes(
                new byte[] {0x17, 0, 0, 0, 0, 1, 0x4D, 0x40, 0x0D, (byte) 0xFF, (byte) 0xE1, 0, (byte) SPS.length});
        avcc.writeBytes(SPS);
        avcc.writeBytes(new byte[] {1, 0, (byte) PPS.length});
        avcc.writeBytes(PPS);
        ch.writeOutbound(new RtmpMessage(6, RtmpMessage.VIDEO, 1, 0, avcc.toByteArray()));
        for (int i = 0; i < slices.length; i++) {
            byte[] au = lengthPrefixed(slices[i]);
            byte[] tag = new byte[5 + au.length];
            tag[0] = (byte) (slices[i][0] == 0x65 ? 0x17 : 0x27);
            tag[1] = 1;
            System.arraycopy(au, 0, tag, 5, au.length);
            ch.writeOutbound(new RtmpMessage(6, RtmpMessage.VIDEO, 1, 40L * i, tag));
        }
        return drain(ch);
    }

    private static byte[] buildRtsp(byte[][] slices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        H264Packetizer packetizer = new H264Packetizer(1400, 12, true);
        int[] seq = {0};
        for (int i = 0; i < slices.length; i++) {
            long ts = 3600L * i;
            byte[] au = slices[i][0] == 0x65 ? lengthPrefixed(SPS, PPS, slices[i]) : lengthPrefixed(slices[i]);
            packetizer.packetize(au, new PayloadSink() {
                @Override
                public byte[] buffer(int capacity) {
                    return new byte[capacity];
                }

                @Override
                public void packet(byte[] buf, int off, int len, boolean marker) {
                    RtpPacket.write(buf, 0, 96, marker, seq[0]++ & 0xFFFF, ts, 0x1234);
                    int n = off + len;
                    out.write('$');
                    out.write(0);
                    out.write(n >> 8);
                    out.write(n);
                    out.write(buf, 0, n);
                }
            });
        }
        return out.toByteArray();
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        ch.finish();
        return out.toByteArray();
    }

    /** 10 s of RTMP bytes in 16 KiB reads through the chunk decoder and the FLV demuxer. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void rtmpTenSeconds(Blackhole bh) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpChunkDecoder(1 << 20, 8 << 20, 32));
        FlvMediaDemuxer demuxer = new FlvMediaDemuxer(new FlvMediaDemuxer.Output() {
            @Override
            public void tracksChanged() {}

            @Override
            public void frame(MediaFrame frame) {
                bh.consume(frame);
            }

            @Override
            public void dropped(String why, boolean malformed) {
                throw new IllegalStateException(why);
            }
        });
        for (int off = 0; off < rtmpStream.length; off += 16384) {
            ch.writeInbound(Unpooled.wrappedBuffer(rtmpStream, off, Math.min(16384, rtmpStream.length - off)));
            RtmpMessage m;
            while ((m = ch.readInbound()) != null) {
                if (m.typeId() == RtmpMessage.VIDEO) {
                    demuxer.video(m.timestamp(), m.payload());
                }
            }
        }
        ch.finish();
    }

    /** 10 s of RTSP interleaved bytes in 16 KiB reads through the decoder, RTP parsing, depacketizer and dts. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void rtspTenSeconds(Blackhole bh) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspDecoder(RtspDecoder.Limits.defaults()));
        Depacketizer depacketizer = DepacketizerFactory.create(
                        SessionDescription.parse(SDP).media().get(0), 1)
                .orElseThrow()
                .depacketizer();
        DtsEstimator dts = new DtsEstimator(0);
        for (int off = 0; off < rtspStream.length; off += 16384) {
            ch.writeInbound(Unpooled.wrappedBuffer(rtspStream, off, Math.min(16384, rtspStream.length - off)));
            Object m;
            while ((m = ch.readInbound()) != null) {
                byte[] data = ((InterleavedFrame) m).data();
                depacketizer.push(RtpPacket.parse(data, data.length), f -> dts.push(f, bh::consume));
            }
        }
        ch.finish();
    }
}
