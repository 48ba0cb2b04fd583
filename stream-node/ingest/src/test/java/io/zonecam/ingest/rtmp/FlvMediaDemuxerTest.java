package io.zonecam.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FLV video/audio tag bodies (legacy and enhanced RTMP) to TrackInfos and MediaFrames. */
class FlvMediaDemuxerTest {

    /** H.264 Main 320x240 SPS and PPS as ffmpeg/x264 wrote them. */
    static final byte[] SPS = HexFormat.of().parseHex("674d400deca0a0fd80880000030008000003019078a14cb0");

    static final byte[] PPS = HexFormat.of().parseHex("68ce0fc8");
    /** H.265 Main 320x240 VPS/SPS/PPS from x265. */
    static final byte[] VPS265 = HexFormat.of().parseHex("40010c01ffff01600000030090000003000003003c959809");

    static final byte[] SPS265 = HexFormat.of()
            .parseHex("42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003210");
    static final byte[] PPS265 = HexFormat.of().parseHex("4401c172b46240");

    private final List<MediaFrame> frames = new ArrayList<>();
    private final List<String> drops = new ArrayList<>();
    private int trackChanges;
    private final FlvMediaDemuxer demuxer = new FlvMediaDemuxer(new FlvMediaDemuxer.Output() {
        @Override
        public void tracksChanged() {
            trackChanges++;
        }

        @Override
        public void frame(MediaFrame frame) {
            frames.add(frame);
        }

        @Override
        public void dropped(String why, boolean malformed) {
            drops.add((malformed ? "malformed: " : "unsupported: ") + why);
        }
    });

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    private static byte[] len16(byte[] nal) {
        return concat(b(nal.length >> 8, nal.length), nal);
    }

    private static byte[] len32(byte[] nal) {
        return concat(b(nal.length >>> 24, nal.length >> 16, nal.length >> 8, nal.length), nal);
    }

    static byte[] avcSequenceHeader() {
        return concat(
                b(
                        0x17, // keyframe (1) | AVC (7)
                        0x00, // AVCPacketType 0: sequence header
                        0x00, 0x00, 0x00), // composition time 0
                b(
                        0x01, 0x4D, 0x40, 0x0D, // avcC: version 1, profile Main, compat, level 1.3
                        0xFF, // reserved | lengthSizeMinusOne 3
                        0xE1), // reserved | 1 SPS
                len16(SPS),
                b(0x01), // 1 PPS
                len16(PPS));
    }

    @Test
    void avcSequenceHeaderGivesATrackWithSizeAndParameterSets() {
        demuxer.video(0, avcSequenceHeader());
        assertThat(trackChanges).isEqualTo(1);
        TrackInfo t = demuxer.tracks().get(0);
        assertThat(t.trackId()).isEqualTo(FlvMediaDemuxer.VIDEO_TRACK);
        assertThat(t.codec()).isEqualTo(Codec.H264);
        assertThat(t.timescale()).isEqualTo(1000);
        assertThat(t.width()).isEqualTo(320);
        assertThat(t.height()).isEqualTo(240);
        assertThat(t.parameterSets()).containsExactly(SPS, PPS);
        // The same header again is not a change.
        demuxer.video(0, avcSequenceHeader());
        assertThat(trackChanges).isEqualTo(1);
    }

    @Test
    void avcNaluWithCompositionTimeGivesPtsAfterDts() {
        demuxer.video(0, avcSequenceHeader());
        byte[] idr = b(0x65, 0x88, 0x84, 0x00);
        demuxer.video(1000, concat(b(0x17, 0x01, 0x00, 0x00, 0x50), len32(idr))); // cts +80 ms
        byte[] nonIdr = b(0x41, 0x9A, 0x00);
        demuxer.video(1040, concat(b(0x27, 0x01, 0xFF, 0xFF, 0xD8), len32(nonIdr))); // inter frame, cts -40 ms
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).dts()).isEqualTo(1000);
        assertThat(frames.get(0).pts()).isEqualTo(1080);
        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(frames.get(0).data()).isEqualTo(len32(idr));
        assertThat(frames.get(1).pts()).isEqualTo(1000);
        assertThat(frames.get(1).keyframe()).isFalse();
        assertThat(drops).isEmpty();
    }

    @Test
    void reframesTwoByteNalLengthsToFourBytes() {
        byte[] header = avcSequenceHeader();
        header[9] = (byte) 0xFD; // lengthSizeMinusOne 1 → 2-byte NAL lengths
        demuxer.video(0, header);
        byte[] idr = b(0x65, 0x01, 0x02);
        demuxer.video(0, concat(b(0x17, 0x01, 0, 0, 0), len16(idr), len16(b(0x06, 0x05))));
        assertThat(frames.get(0).data()).isEqualTo(concat(len32(idr), len32(b(0x06, 0x05))));
    }

    @Test
    void enhancedRtmpHevcSequenceStartAndCodedFrames() {
        byte[] hvcc = concat(
                b(
                        0x01, // configurationVersion
                        0x01, // profile space 0, tier 0, profile Main
                        0x60, 0, 0, 0, // compatibility flags
                        0x90, 0, 0, 0, 0, 0, // constraint flags
                        0x3C, // level 2
                        0xF0, 0x00, // min spatial segmentation
                        0xFC, // parallelism
                        0xFD, // chroma 4:2:0
                        0xF8, 0xF8, // bit depths 8
                        0x00, 0x00, // avg frame rate
                        0x0F, // lengthSizeMinusOne 3
                        0x03), // 3 arrays
                b(0xA0, 0x00, 0x01),
                len16(VPS265), // array: VPS (32), one NAL
                b(0xA1, 0x00, 0x01),
                len16(SPS265), // SPS (33)
                b(0xA2, 0x00, 0x01),
                len16(PPS265)); // PPS (34)
        demuxer.video(
                0,
                concat(
                        b(
                                0x90, // IsExHeader | keyframe (1) | PacketType 0 SequenceStart
                                'h', 'v', 'c', '1'),
                        hvcc));
        TrackInfo t = demuxer.tracks().get(0);
        assertThat(t.codec()).isEqualTo(Codec.H265);
        assertThat(t.width()).isEqualTo(320);
        assertThat(t.height()).isEqualTo(240);
        assertThat(t.parameterSets()).containsExactly(VPS265, SPS265, PPS265);

        byte[] idr = b(0x26, 0x01, 0xAF, 0x00); // IDR_W_RADL (19)
        demuxer.video(2000, concat(b(0x91, 'h', 'v', 'c', '1', 0x00, 0x00, 0x28), len32(idr))); // CodedFrames cts 40
        byte[] trail = b(0x02, 0x01, 0xD0); // TRAIL_R (1)
        demuxer.video(2040, concat(b(0xA3, 'h', 'v', 'c', '1'), len32(trail))); // CodedFramesX
        assertThat(frames).extracting(MediaFrame::pts).containsExactly(2040L, 2040L);
        assertThat(frames).extracting(MediaFrame::keyframe).containsExactly(true, false);
        assertThat(drops).isEmpty();
    }

    @Test
    void inBandParameterSetChangeUpdatesTheTrackBeforeTheFrame() {
        demuxer.video(0, avcSequenceHeader());
        byte[] newPps = b(0x68, 0xEE, 0x3C, 0x80);
        demuxer.video(40, concat(b(0x17, 0x01, 0, 0, 0), len32(newPps), len32(b(0x65, 0x88))));
        assertThat(trackChanges).isEqualTo(2);
        assertThat(demuxer.tracks().get(0).parameterSets()).containsExactly(SPS, newPps);
        assertThat(frames).hasSize(1);
    }

    @Test
    void aacSequenceHeaderThenRawFrames() {
        demuxer.audio(
                0,
                b(
                        0xAF, // AAC (10) | 44 kHz | 16 bit | stereo
                        0x00, // AACPacketType 0: AudioSpecificConfig
                        0x12, 0x10)); // AAC LC, 44100 Hz (index 4), 2 channels
        demuxer.audio(23, b(0xAF, 0x01, 0x21, 0x10, 0x04));
        TrackInfo a = demuxer.tracks().get(0);
        assertThat(a.trackId()).isEqualTo(FlvMediaDemuxer.AUDIO_TRACK);
        assertThat(a.codec()).isEqualTo(Codec.AAC);
        assertThat(a.sampleRate()).isEqualTo(44100);
        assertThat(a.channels()).isEqualTo(2);
        assertThat(a.audioSpecificConfig()).containsExactly(0x12, 0x10);
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.dts()).isEqualTo(23);
            assertThat(f.data()).containsExactly(0x21, 0x10, 0x04);
            assertThat(f.keyframe()).isTrue();
        });
    }

    @Test
    void g711AlawAndMulawFramesNeedNoSequenceHeader() {
        demuxer.audio(0, b(0x72, 0xD5, 0xD5)); // A-law (7) | 5.5 kHz bits (ignored) | 16 bit | mono
        assertThat(demuxer.tracks().get(0).codec()).isEqualTo(Codec.PCMA);
        assertThat(demuxer.tracks().get(0).sampleRate()).isEqualTo(8000);
        demuxer.audio(20, b(0x82, 0xFF)); // µ-law (8): a codec change is a track change
        assertThat(demuxer.tracks().get(0).codec()).isEqualTo(Codec.PCMU);
        assertThat(trackChanges).isEqualTo(2);
        assertThat(frames).extracting(f -> f.data().length).containsExactly(2, 1);
    }

    @Test
    void unwrapsTheThirtyTwoBitMillisecondClock() {
        demuxer.audio(0, b(0x72, 0xD5));
        demuxer.audio(0xFFFF_FFF0L, b(0x72, 0xD5));
        // A fresh demuxer starts where the stream starts; here the line wraps forward.
        FlvMediaDemuxerTest other = new FlvMediaDemuxerTest();
        other.demuxer.audio(0xFFFF_FFECL, b(0x72, 0xD5));
        other.demuxer.audio(0x0000_0004L, b(0x72, 0xD5));
        assertThat(other.frames).extracting(MediaFrame::dts).containsExactly(0xFFFF_FFECL, 0x1_0000_0004L);
    }

    @Test
    void countsBadPayloadsInsteadOfThrowing() {
        demuxer.video(0, b()); // empty
        demuxer.video(0, b(0x12, 0x00)); // Sorenson H.263: unsupported
        demuxer.video(0, b(0x17, 0x01, 0, 0, 0, 0, 0, 0, 1, 0x65)); // frame before sequence header
        demuxer.video(0, concat(b(0x17, 0x00, 0, 0, 0), b(0x02))); // avcC with version 2
        demuxer.video(0, avcSequenceHeader());
        demuxer.video(0, b(0x17, 0x01, 0, 0, 0, 0, 0, 0, 9, 0x65)); // NAL length 9 past the end
        demuxer.video(0, b(0x97, 'a', 'v', '0', '1', 0)); // enhanced AV1: unsupported
        demuxer.audio(0, b(0x2F, 0x00)); // MP3: unsupported
        demuxer.audio(0, b(0xAF, 0x01, 0x00)); // AAC frame before config
        demuxer.audio(0, b(0xAF, 0x00, 0x17)); // AudioSpecificConfig of 1 byte
        assertThat(frames).isEmpty();
        assertThat(drops).hasSize(9);
        assertThat(drops).filteredOn(d -> d.startsWith("malformed")).hasSize(4);
    }
}
