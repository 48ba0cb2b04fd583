package io.zonecam.pictures.decode;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.fmp4.BoxReader;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.AvcDecoderConfigurationRecord;
import io.zonecam.media.h265.HevcDecoderConfigurationRecord;
import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;

/**
 * VideoTrack is what a decoder needs before the first access unit: the codec, its decoder configuration record
 * ({@code avcC} or {@code hvcC}, handed to libavcodec as extradata so samples stay length-prefixed), the picture
 * size from the SPS (checked against {@link #MAX_PIXELS} before anything is decoded), and the track's timescale.
 *
 * @param trackId          the track id whose samples are meant (fMP4 traf track_ID, MediaFrame trackId)
 * @param codec            {@link Codec#H264} or {@link Codec#H265}
 * @param timescale        ticks per second of the access units' timestamps
 * @param decoderConfig    the avcC or hvcC payload
 * @param nalLengthSize    NAL unit length field size of the samples: 1, 2 or 4
 * @param width            coded picture width after cropping, from the SPS
 * @param height           coded picture height after cropping, from the SPS
 */
public record VideoTrack(
        int trackId, Codec codec, long timescale, byte[] decoderConfig, int nalLengthSize, int width, int height) {

    /** Largest picture decoded: 8192 × 4320 (H.264 level 6.2, H.265 level 6.x), 35 megapixels. */
    public static final long MAX_PIXELS = 8192L * 4320L;

    public VideoTrack {
        if (codec != Codec.H264 && codec != Codec.H265) {
            throw new PictureException(Reason.UNSUPPORTED_CODEC, "not a video codec this decoder knows: " + codec);
        }
        if (timescale <= 0) {
            throw new PictureException(Reason.BAD_PARAMETER_SETS, "timescale must be positive: " + timescale);
        }
        if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
            throw new PictureException(
                    Reason.TOO_LARGE, "picture " + width + "x" + height + " outside 1.." + MAX_PIXELS + " pixels");
        }
        decoderConfig = decoderConfig.clone();
    }

    /** The decoder configuration record (a copy). */
    @Override
    public byte[] decoderConfig() {
        return decoderConfig.clone();
    }

    /** Ticks of this track converted to microseconds (floor). */
    public long micros(long ticks) {
        return Math.floorDiv(ticks, timescale) * 1_000_000L + Math.floorMod(ticks, timescale) * 1_000_000L / timescale;
    }

    /**
     * Microseconds converted to ticks, rounded up, so that a frame's own time in microseconds (floored by
     * {@link #micros}) maps back to that frame and not to the one before it.
     */
    public long ticks(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long rest = Math.floorMod(micros, 1_000_000L);
        return seconds * timescale + (rest * timescale + 999_999L) / 1_000_000L;
    }

    /**
     * The video track of a live stream: its parameter sets become an avcC/hvcC as the recorder writes them.
     * Throws {@link Reason#BAD_PARAMETER_SETS} when they are missing or unreadable.
     */
    public static VideoTrack of(TrackInfo track) {
        if (!track.isVideo()) {
            throw new PictureException(Reason.UNSUPPORTED_CODEC, "track " + track.trackId() + " is not video");
        }
        try {
            byte[] config = track.codec() == Codec.H265
                    ? HevcDecoderConfigurationRecord.of(track.parameterSets()).toByteArray()
                    : AvcDecoderConfigurationRecord.of(track.parameterSets()).toByteArray();
            return fromConfig(track.trackId(), track.codec(), track.timescale(), config);
        } catch (MediaFormatException | IllegalArgumentException | IllegalStateException e) {
            throw new PictureException(Reason.BAD_PARAMETER_SETS, "parameter sets: " + e.getMessage());
        }
    }

    /**
     * The first video track of a CMAF header (ftyp + moov, e.g. {@code ObjectIndex.init()} of a recording):
     * {@code moov/trak/mdia/minf/stbl/stsd} with an {@code avc1}/{@code avc3} or {@code hvc1}/{@code hev1}
     * sample entry (ISO/IEC 14496-15 §5.4, §8.4) and the {@code mdhd} timescale.
     */
    public static VideoTrack fromInitSegment(byte[] init) {
        try {
            return InitSegmentReader.firstVideoTrack(init);
        } catch (MediaFormatException | IllegalArgumentException | IllegalStateException e) {
            throw new PictureException(Reason.BAD_PARAMETER_SETS, "init segment: " + e.getMessage());
        }
    }

    /** A track from a decoder configuration record; the size comes from its first SPS. */
    static VideoTrack fromConfig(int trackId, Codec codec, long timescale, byte[] config) {
        if (codec == Codec.H264) {
            AvcDecoderConfigurationRecord r = AvcDecoderConfigurationRecord.parse(config);
            if (r.sps().isEmpty() || r.pps().isEmpty()) {
                throw new PictureException(Reason.BAD_PARAMETER_SETS, "avcC without SPS or PPS");
            }
            var sps = io.zonecam.media.h264.H264Sps.parse(r.sps().get(0));
            return new VideoTrack(trackId, codec, timescale, config, r.lengthSize(), sps.width(), sps.height());
        }
        HevcDecoderConfigurationRecord r = HevcDecoderConfigurationRecord.parse(config);
        return new VideoTrack(
                trackId,
                codec,
                timescale,
                config,
                r.lengthSize(),
                r.sps().width(),
                r.sps().height());
    }

    /** Reads the first video trak of a moov. */
    private static final class InitSegmentReader {
        private static final int VISUAL_SAMPLE_ENTRY_FIELDS = 78;

        static VideoTrack firstVideoTrack(byte[] init) {
            BoxReader.Box moov =
                    BoxReader.find(init, "moov").orElseThrow(() -> new MediaFormatException("no moov box"));
            for (BoxReader.Box trak : BoxReader.children(init, moov)) {
                if (!trak.type().equals("trak")) {
                    continue;
                }
                int in = trak.contentOffset();
                int len = trak.contentLength();
                BoxReader.Box hdlr = BoxReader.find(init, in, len, "mdia/hdlr")
                        .orElseThrow(() -> new MediaFormatException("trak without hdlr"));
                if (!BoxReader.fourcc(init, fullBoxField(hdlr, 4, 4)).equals("vide")) {
                    continue;
                }
                BoxReader.Box tkhd = BoxReader.find(init, in, len, "tkhd")
                        .orElseThrow(() -> new MediaFormatException("trak without tkhd"));
                BoxReader.Box mdhd = BoxReader.find(init, in, len, "mdia/mdhd")
                        .orElseThrow(() -> new MediaFormatException("trak without mdhd"));
                BoxReader.Box stsd = BoxReader.find(init, in, len, "mdia/minf/stbl/stsd")
                        .orElseThrow(() -> new MediaFormatException("trak without stsd"));
                int trackId = (int) u32(init, fullBoxField(tkhd, version(init, tkhd) == 1 ? 16 : 8, 4));
                long timescale = u32(init, fullBoxField(mdhd, version(init, mdhd) == 1 ? 16 : 8, 4));
                return sampleEntry(init, stsd, trackId, timescale);
            }
            throw new PictureException(Reason.UNSUPPORTED_CODEC, "init segment has no video track");
        }

        private static VideoTrack sampleEntry(byte[] init, BoxReader.Box stsd, int trackId, long timescale) {
            int entries = stsd.contentOffset() + 8; // version/flags, entry_count
            int end = stsd.end();
            if (entries >= end) {
                throw new MediaFormatException("empty stsd");
            }
            BoxReader.Box entry = BoxReader.boxes(init, entries, end - entries).get(0);
            Codec codec = switch (entry.type()) {
                case "avc1", "avc3" -> Codec.H264;
                case "hvc1", "hev1" -> Codec.H265;
                default ->
                    throw new PictureException(
                            Reason.UNSUPPORTED_CODEC, "sample entry '" + entry.type() + "' is not H.264/H.265");
            };
            int children = entry.contentOffset() + VISUAL_SAMPLE_ENTRY_FIELDS;
            if (children > entry.end()) {
                throw new MediaFormatException("visual sample entry truncated");
            }
            String want = codec == Codec.H264 ? "avcC" : "hvcC";
            for (BoxReader.Box b : BoxReader.boxes(init, children, entry.end() - children)) {
                if (b.type().equals(want)) {
                    byte[] config = new byte[b.contentLength()];
                    System.arraycopy(init, b.contentOffset(), config, 0, config.length);
                    return fromConfig(trackId, codec, timescale, config);
                }
            }
            throw new PictureException(Reason.BAD_PARAMETER_SETS, entry.type() + " without " + want);
        }

        private static int version(byte[] d, BoxReader.Box box) {
            return d[fullBoxField(box, -4, 1)] & 0xff;
        }

        /** Offset of a field {@code at} bytes after a full box's version/flags, checked to hold {@code size}. */
        private static int fullBoxField(BoxReader.Box box, int at, int size) {
            int p = box.contentOffset() + 4 + at;
            if (p < box.contentOffset() || p + size > box.end()) {
                throw new MediaFormatException("'" + box.type() + "' too short");
            }
            return p;
        }

        private static long u32(byte[] d, int p) {
            return ((d[p] & 0xffL) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
        }
    }
}
