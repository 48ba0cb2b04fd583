package io.zonecam.bench.media;

import io.zonecam.bench.ThroughputBenchmark;
import io.zonecam.media.fmp4.Fragment;
import io.zonecam.media.fmp4.Fragmenter;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.FrameMarker;
import io.zonecam.media.h264.LengthPrefixed;
import io.zonecam.media.rtp.H264Packetizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Fmp4MuxBenchmark measures CMAF muxing of a 2 Mb/s, 25 fps H.264 camera with 48 kHz AAC (the recorder's hot
 * path) and H.264 RTP packetization (the SFU's), in frames per second.
 *
 * <p>Each operation is one video frame (with its share of audio frames); MB/s = ops/s × {@link #AVERAGE_FRAME_BYTES}
 * / 10^6. Run: {@code java -jar bench/target/benchmarks.jar Fmp4MuxBenchmark -f 1 -wi 2 -i 3}.
 */
public class Fmp4MuxBenchmark extends ThroughputBenchmark {

    /** 10 s of video: 250 frames, a keyframe every 2 s. */
    static final int FRAMES = SyntheticH264.FRAMES;
    /** 2 Mb/s at 25 fps. */
    static final int AVERAGE_FRAME_BYTES = SyntheticH264.AVERAGE_FRAME_BYTES;

    private static final byte[] SPS = HexFormat.of().parseHex("6742c01fd901419f9f011000000300100000030320f142a480");
    private static final byte[] PPS = HexFormat.of().parseHex("68cb83cb20");

    private final List<MediaFrame> frames = new ArrayList<>();
    private TrackInfo video;
    private TrackInfo audio;
    private H264Packetizer packetizer;

    @Setup
    public void setUp() {
        video = TrackInfo.video(1, Codec.H264, 90000, List.of(SPS, PPS), 1280, 720);
        audio = TrackInfo.audio(2, Codec.AAC, 48000, HexFormat.of().parseHex("1190"), 48000, 2);
        Random random = new Random(1);
        int audioFrame = 0;
        for (int i = 0; i < FRAMES; i++) {
            boolean key = SyntheticH264.keyframe(i);
            byte[] slice = SyntheticH264.slice(random, i);
            List<byte[]> nals = key ? List.of(SPS, PPS, slice) : List.of(slice);
            byte[] au = new FrameMarker("bench-cam", i, i * 40_000L).insertInto(LengthPrefixed.join(nals), Codec.H264);
            while (audioFrame * 1024L * 90000 / 48000 <= i * 3600L) {
                byte[] aac = new byte[256];
                random.nextBytes(aac);
                frames.add(new MediaFrame(2, audioFrame * 1024L, audioFrame * 1024L, true, aac));
                audioFrame++;
            }
            frames.add(new MediaFrame(1, i * 3600L, i * 3600L, key, au));
        }
        packetizer = new H264Packetizer(1188, 12, true);
    }

    /** Frames through the Fragmenter into 2 s CMAF fragments (moof+mdat bytes produced). */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void muxTenSeconds(Blackhole bh) {
        Fragmenter fragmenter = new Fragmenter(List.of(video, audio), (Fragment f) -> bh.consume(f.data()));
        for (MediaFrame f : frames) {
            fragmenter.push(f);
        }
        fragmenter.flush();
    }

    /** Video frames through the H.264 RTP packetizer into one reused 1200-byte datagram buffer. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void packetizeTenSeconds(Blackhole bh) {
        byte[] datagram = new byte[1200];
        var sink = new io.zonecam.media.rtp.PayloadSink() {
            @Override
            public byte[] buffer(int capacity) {
                return datagram;
            }

            @Override
            public void packet(byte[] buffer, int payloadOffset, int payloadLength, boolean marker) {
                bh.consume(payloadLength);
            }
        };
        for (MediaFrame f : frames) {
            if (f.trackId() == 1) {
                packetizer.packetize(f.data(), sink);
            }
        }
    }
}
