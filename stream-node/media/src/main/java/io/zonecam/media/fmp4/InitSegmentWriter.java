package io.zonecam.media.fmp4;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.aac.AudioSpecificConfig;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.AvcDecoderConfigurationRecord;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.h264.H264Sps;
import io.zonecam.media.h265.H265Nal;
import io.zonecam.media.h265.H265Sps;
import io.zonecam.media.h265.HevcDecoderConfigurationRecord;
import java.util.List;

/**
 * InitSegmentWriter writes the CMAF header (ISO/IEC 23000-19 §7.3.1) of a fragmented MP4: {@code ftyp} with the
 * {@code cmfc} brand and {@code moov} with one {@code trak} per track (empty sample tables, ISO/IEC 14496-12
 * §8.8.1) and {@code mvex/trex}.
 *
 * <p>Sample entries: {@code avc1}+{@code avcC} (ISO/IEC 14496-15 §5.4), {@code hvc1}+{@code hvcC} (§8.4),
 * {@code mp4a}+{@code esds} (ISO/IEC 14496-14 §5.6) and {@code Opus}+{@code dOps} ("Encapsulation of Opus in ISO
 * Base Media File Format" §4.3). G.711 (PCMU/PCMA) has no ISO BMFF sample entry: ffmpeg refuses to put it in MP4
 * ("codec not currently supported in container") and only QuickTime's {@code ulaw}/{@code alaw} exist, so G.711
 * tracks are refused here; the recorder keeps such cameras' video only (or transcodes to AAC off the hot path).
 * Video tracks need their parameter sets; width and height come from the SPS when the track leaves them 0.
 */
public final class InitSegmentWriter {

    private static final int MOVIE_TIMESCALE = 1000;
    private static final int[] UNITY_MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

    private InitSegmentWriter() {}

    /** True when the codec can be written by this writer. */
    public static boolean supports(Codec codec) {
        return codec == Codec.H264 || codec == Codec.H265 || codec == Codec.AAC || codec == Codec.OPUS;
    }

    /** Writes ftyp+moov for the tracks (track ids in the file are the tracks' own ids). */
    public static byte[] write(List<TrackInfo> tracks) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("an init segment needs at least one track");
        }
        BoxWriter w = new BoxWriter(1024);
        int ftyp = w.start("ftyp");
        w.fourcc("cmfc"); // major_brand
        w.u32(0); // minor_version
        w.fourcc("cmfc");
        w.fourcc("iso6");
        w.fourcc("mp41");
        w.end(ftyp);

        int moov = w.start("moov");
        int mvhd = w.startFull("mvhd", 0, 0);
        w.u32(0); // creation_time
        w.u32(0); // modification_time
        w.u32(MOVIE_TIMESCALE);
        w.u32(0); // duration: unknown, fragments follow
        w.u32(0x00010000); // rate 1.0
        w.u16(0x0100); // volume 1.0
        w.zeros(2 + 8); // reserved
        matrix(w);
        w.zeros(24); // pre_defined
        int maxId = 0;
        for (TrackInfo t : tracks) {
            maxId = Math.max(maxId, t.trackId());
        }
        w.u32(maxId + 1L); // next_track_ID
        w.end(mvhd);
        for (TrackInfo t : tracks) {
            trak(w, t);
        }
        int mvex = w.start("mvex");
        for (TrackInfo t : tracks) {
            int trex = w.startFull("trex", 0, 0);
            w.u32(t.trackId());
            w.u32(1); // default_sample_description_index
            w.u32(0); // default_sample_duration
            w.u32(0); // default_sample_size
            w.u32(0); // default_sample_flags
            w.end(trex);
        }
        w.end(mvex);
        w.end(moov);
        return w.toByteArray();
    }

    private static void trak(BoxWriter w, TrackInfo t) {
        if (!supports(t.codec())) {
            throw new IllegalArgumentException(t.codec() + " has no standard ISO BMFF sample entry");
        }
        int[] size = videoSize(t);
        int trak = w.start("trak");
        int tkhd = w.startFull("tkhd", 0, 0x000003); // track_enabled | track_in_movie
        w.u32(0);
        w.u32(0);
        w.u32(t.trackId());
        w.u32(0); // reserved
        w.u32(0); // duration
        w.zeros(8);
        w.u16(0); // layer
        w.u16(0); // alternate_group
        w.u16(t.isVideo() ? 0 : 0x0100);
        w.u16(0);
        matrix(w);
        w.u32((long) size[0] << 16);
        w.u32((long) size[1] << 16);
        w.end(tkhd);

        int mdia = w.start("mdia");
        int mdhd = w.startFull("mdhd", 0, 0);
        w.u32(0);
        w.u32(0);
        w.u32(t.timescale());
        w.u32(0);
        w.u16(0x55c4); // language "und", ISO 639-2/T packed in 5-bit letters
        w.u16(0);
        w.end(mdhd);
        int hdlr = w.startFull("hdlr", 0, 0);
        w.u32(0);
        w.fourcc(t.isVideo() ? "vide" : "soun");
        w.zeros(12);
        w.bytes((t.isVideo() ? "Zonecam video\0" : "Zonecam audio\0")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        w.end(hdlr);

        int minf = w.start("minf");
        if (t.isVideo()) {
            int vmhd = w.startFull("vmhd", 0, 1);
            w.zeros(8); // graphicsmode, opcolor
            w.end(vmhd);
        } else {
            int smhd = w.startFull("smhd", 0, 0);
            w.zeros(4); // balance, reserved
            w.end(smhd);
        }
        int dinf = w.start("dinf");
        int dref = w.startFull("dref", 0, 0);
        w.u32(1);
        int url = w.startFull("url ", 0, 1); // media data in this file
        w.end(url);
        w.end(dref);
        w.end(dinf);

        int stbl = w.start("stbl");
        int stsd = w.startFull("stsd", 0, 0);
        w.u32(1);
        switch (t.codec()) {
            case H264 ->
                visualEntry(
                        w,
                        "avc1",
                        size,
                        "avcC",
                        AvcDecoderConfigurationRecord.of(t.parameterSets()).toByteArray());
            case H265 ->
                visualEntry(
                        w,
                        "hvc1",
                        size,
                        "hvcC",
                        HevcDecoderConfigurationRecord.of(t.parameterSets()).toByteArray());
            case AAC -> mp4a(w, t);
            case OPUS -> opus(w, t);
            default -> throw new IllegalStateException();
        }
        w.end(stsd);
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int b = w.startFull(empty, 0, 0);
            w.u32(0); // entry_count
            w.end(b);
        }
        int stsz = w.startFull("stsz", 0, 0);
        w.u32(0); // sample_size
        w.u32(0); // sample_count
        w.end(stsz);
        w.end(stbl);
        w.end(minf);
        w.end(mdia);
        w.end(trak);
    }

    private static int[] videoSize(TrackInfo t) {
        if (!t.isVideo()) {
            return new int[] {0, 0};
        }
        if (t.width() > 0 && t.height() > 0) {
            return new int[] {t.width(), t.height()};
        }
        for (byte[] ps : t.parameterSets()) {
            if (t.codec() == Codec.H264 && ps.length > 0 && H264Nal.type(ps[0]) == H264Nal.SPS) {
                H264Sps sps = H264Sps.parse(ps);
                return new int[] {sps.width(), sps.height()};
            }
            if (t.codec() == Codec.H265 && ps.length > 1 && H265Nal.type(ps[0]) == H265Nal.SPS) {
                H265Sps sps = H265Sps.parse(ps);
                return new int[] {sps.width(), sps.height()};
            }
        }
        throw new MediaFormatException("video track " + t.trackId() + " has no SPS");
    }

    // ISO/IEC 14496-12 §12.1.3 VisualSampleEntry.
    private static void visualEntry(BoxWriter w, String type, int[] size, String configType, byte[] config) {
        int entry = w.start(type);
        w.zeros(6);
        w.u16(1); // data_reference_index
        w.zeros(16); // pre_defined, reserved, pre_defined[3]
        w.u16(size[0]);
        w.u16(size[1]);
        w.u32(0x00480000); // 72 dpi
        w.u32(0x00480000);
        w.u32(0);
        w.u16(1); // frame_count
        w.zeros(32); // compressorname
        w.u16(0x0018); // depth
        w.u16(0xffff); // pre_defined = -1
        int cfg = w.start(configType);
        w.bytes(config);
        w.end(cfg);
        w.end(entry);
    }

    // ISO/IEC 14496-12 §12.2.3 AudioSampleEntry.
    private static void audioEntryHeader(BoxWriter w, int channels, int sampleRate) {
        w.zeros(6);
        w.u16(1);
        w.zeros(8);
        w.u16(channels);
        w.u16(16); // samplesize
        w.u16(0);
        w.u16(0);
        w.u32(sampleRate <= 0xffff ? (long) sampleRate << 16 : 0);
    }

    private static void mp4a(BoxWriter w, TrackInfo t) {
        byte[] asc = t.audioSpecificConfig();
        if (asc.length == 0) {
            throw new MediaFormatException("AAC track " + t.trackId() + " has no AudioSpecificConfig");
        }
        AudioSpecificConfig config = AudioSpecificConfig.parse(asc);
        int entry = w.start("mp4a");
        audioEntryHeader(w, config.channels(), config.sampleRate());
        int esds = w.startFull("esds", 0, 0);
        // ISO/IEC 14496-1 §7.2.6.5 ES_Descriptor with DecoderConfigDescriptor, DecoderSpecificInfo, SLConfig.
        int dsiLen = 2 + asc.length;
        int dcdLen = 13 + dsiLen;
        int esLen = 3 + 2 + dcdLen + 3;
        descriptor(w, 0x03, esLen);
        w.u16(t.trackId()); // ES_ID
        w.u8(0); // no dependsOn, URL or OCR stream
        descriptor(w, 0x04, dcdLen);
        w.u8(0x40); // objectTypeIndication: Audio ISO/IEC 14496-3
        w.u8(0x15); // streamType 5 (audio) << 2 | upStream 0 | reserved 1
        w.u24(0); // bufferSizeDB
        w.u32(0); // maxBitrate
        w.u32(0); // avgBitrate
        descriptor(w, 0x05, asc.length);
        w.bytes(asc);
        descriptor(w, 0x06, 1);
        w.u8(2); // SLConfigDescriptor predefined = 2 (reserved for MP4 files)
        w.end(esds);
        w.end(entry);
    }

    private static void descriptor(BoxWriter w, int tag, int length) {
        if (length > 127) {
            throw new IllegalArgumentException("descriptor too long");
        }
        w.u8(tag);
        w.u8(length);
    }

    private static void opus(BoxWriter w, TrackInfo t) {
        int channels = t.channels() <= 0 ? 2 : t.channels();
        if (channels > 2) {
            throw new IllegalArgumentException("Opus with more than 2 channels needs a channel mapping table");
        }
        int entry = w.start("Opus");
        audioEntryHeader(w, channels, 48000);
        int dops = w.start("dOps");
        w.u8(0); // Version
        w.u8(channels); // OutputChannelCount
        w.u16(0); // PreSkip: RTP does not carry the encoder's pre-skip
        w.u32(t.sampleRate() > 0 ? t.sampleRate() : 48000); // InputSampleRate
        w.u16(0); // OutputGain
        w.u8(0); // ChannelMappingFamily 0: mono or stereo
        w.end(dops);
        w.end(entry);
    }

    private static void matrix(BoxWriter w) {
        for (int m : UNITY_MATRIX) {
            w.u32(m & 0xFFFF_FFFFL);
        }
    }
}
