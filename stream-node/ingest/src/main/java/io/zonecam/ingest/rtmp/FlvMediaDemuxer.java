package io.zonecam.ingest.rtmp;

import io.zonecam.ingest.track.TrackPipeline;
import io.zonecam.media.MediaFormatException;
import io.zonecam.media.aac.AudioSpecificConfig;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.AvcDecoderConfigurationRecord;
import io.zonecam.media.h264.LengthPrefixed;
import io.zonecam.media.h265.HevcDecoderConfigurationRecord;
import io.zonecam.media.timing.TimestampUnwrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * FlvMediaDemuxer turns the payloads of RTMP audio and video messages (FLV tag bodies, FLV 10.1 spec annex E.4.2/E.4.3,
 * and enhanced RTMP v1 for HEVC) into {@link TrackInfo}s and {@link MediaFrame}s.
 *
 * <p>This is RTMP's depacketizing stage; each track then goes through the {@link TrackPipeline} that RTSP uses too
 * (in-band parameter sets; decode times are RTMP's own). Video is track 1 and audio track 2 for the whole session. RTMP
 * timestamps are milliseconds, so both tracks use timescale 1000; they are unwrapped from 32 bits per track on one
 * shared line. AVC/HEVC frames are re-framed to 4-byte NAL lengths and their composition time offset gives
 * pts = dts + cts. Nothing here throws on bad media: problems are reported to {@link Output#dropped} and the payload
 * is skipped.
 */
public final class FlvMediaDemuxer {

    /** Track id of the video track. */
    public static final int VIDEO_TRACK = 1;
    /** Track id of the audio track. */
    public static final int AUDIO_TRACK = 2;

    static final int TIMESCALE = 1000;

    private static final int FOURCC_HVC1 = fourcc("hvc1");
    private static final int FOURCC_AVC1 = fourcc("avc1");

    /** Output receives the demuxer's results; after {@code tracksChanged} read {@link #tracks()}. */
    public interface Output extends TrackPipeline.Output {
        /** A payload was skipped; {@code malformed} distinguishes broken input from merely unsupported input. */
        void dropped(String why, boolean malformed);
    }

    private final Output out;
    private TrackPipeline video;
    private int lengthSize = 4;
    private TrackPipeline audio;
    private final TimestampUnwrapper videoClock = TimestampUnwrapper.continuous();
    private final TimestampUnwrapper audioClock = TimestampUnwrapper.continuous();

    public FlvMediaDemuxer(Output out) {
        this.out = out;
    }

    /** The configured tracks, by track id. */
    public List<TrackInfo> tracks() {
        List<TrackInfo> t = new ArrayList<>(2);
        if (video != null && video.configured()) {
            t.add(video.info());
        }
        if (audio != null) {
            t.add(audio.info());
        }
        return t;
    }

    /** True once a video configuration arrived. */
    public boolean hasVideo() {
        return video != null && video.configured();
    }

    /** True once an audio configuration (or first G.711 frame) arrived. */
    public boolean hasAudio() {
        return audio != null;
    }

    /** Handles one video message payload (FLV VIDEODATA). */
    public void video(long timestamp, byte[] p) {
        if (p.length < 1) {
            out.dropped("empty video message", true);
            return;
        }
        int b0 = p[0] & 0xFF;
        Codec codec;
        int packetType;
        int cts = 0;
        int dataOffset;
        int frameType;
        if ((b0 & 0x80) != 0) {
            // Enhanced RTMP: IsExHeader | FrameType(3) | PacketType(4) | FourCC(32).
            frameType = (b0 >> 4) & 0x07;
            packetType = b0 & 0x0F;
            if (p.length < 5) {
                out.dropped("enhanced RTMP video header truncated", true);
                return;
            }
            int fourcc = ((p[1] & 0xFF) << 24) | ((p[2] & 0xFF) << 16) | ((p[3] & 0xFF) << 8) | (p[4] & 0xFF);
            if (fourcc == FOURCC_HVC1) {
                codec = Codec.H265;
            } else if (fourcc == FOURCC_AVC1) {
                codec = Codec.H264;
            } else {
                out.dropped("unsupported enhanced RTMP video FourCC " + fourccName(fourcc), false);
                return;
            }
            if (frameType == 5) {
                return; // command frame (seek start/end), no media
            }
            switch (packetType) {
                case 0 -> { // SequenceStart: decoder configuration record
                    configure(codec, p, 5);
                    return;
                }
                case 1 -> { // CodedFrames: SI24 composition time then NALs
                    if (p.length < 8) {
                        out.dropped("enhanced RTMP coded frame truncated", true);
                        return;
                    }
                    cts = si24(p, 5);
                    dataOffset = 8;
                }
                case 3 -> dataOffset = 5; // CodedFramesX: composition time 0
                case 2, 4 -> {
                    return; // SequenceEnd, Metadata (HDR colour info): nothing to record
                }
                default -> {
                    out.dropped("unsupported enhanced RTMP video packet type " + packetType, false);
                    return;
                }
            }
        } else {
            // Legacy FLV: FrameType(4) | CodecID(4) | AVCPacketType(8) | CompositionTime(SI24).
            frameType = b0 >> 4;
            int codecId = b0 & 0x0F;
            if (codecId == 7) {
                codec = Codec.H264;
            } else if (codecId == 12) {
                codec = Codec.H265; // the widespread pre-standard HEVC-in-FLV extension
            } else {
                out.dropped("unsupported FLV video codec id " + codecId, false);
                return;
            }
            if (frameType == 5) {
                return;
            }
            if (p.length < 5) {
                out.dropped("FLV video header truncated", true);
                return;
            }
            packetType = p[1] & 0xFF;
            if (packetType == 0) {
                configure(codec, p, 5);
                return;
            }
            if (packetType == 2) {
                return; // end of sequence
            }
            if (packetType != 1) {
                out.dropped("unknown AVCPacketType " + packetType, true);
                return;
            }
            cts = si24(p, 2);
            dataOffset = 5;
        }
        if (video == null || !video.configured() || video.codec() != codec) {
            out.dropped("video frame before its sequence header", false);
            return;
        }
        if (p.length == dataOffset) {
            return; // empty frames are legal fillers
        }
        byte[] au;
        try {
            au = LengthPrefixed.fromLengthSize(p, dataOffset, p.length - dataOffset, lengthSize);
        } catch (MediaFormatException e) {
            out.dropped("video frame NAL lengths do not match the payload", true);
            return;
        }
        long dts = videoClock.unwrap(timestamp);
        // The NAL types decide, not the FLV frame type: encoders flag open-GOP I-frames as keyframes too.
        boolean key = video.isRandomAccess(au);
        video.push(new MediaFrame(VIDEO_TRACK, dts, dts + cts, key, au));
    }

    private void configure(Codec codec, byte[] p, int offset) {
        int length;
        List<byte[]> sets;
        try {
            if (codec == Codec.H265) {
                HevcDecoderConfigurationRecord r =
                        HevcDecoderConfigurationRecord.parse(Arrays.copyOfRange(p, offset, p.length));
                length = r.lengthSize();
                sets = r.parameterSets();
            } else {
                AvcDecoderConfigurationRecord r = AvcDecoderConfigurationRecord.parse(p, offset, p.length - offset);
                length = r.lengthSize();
                sets = r.parameterSets();
            }
        } catch (RuntimeException e) {
            // Untrusted bytes: any parser failure is a malformed header for this session, never a crash.
            out.dropped("bad " + codec + " sequence header: " + e.getMessage(), true);
            return;
        }
        if (video == null || video.codec() != codec) {
            video = TrackPipeline.video(VIDEO_TRACK, codec, TIMESCALE, List.of(), false, out);
        }
        lengthSize = length;
        video.configure(sets);
        if (!video.configured()) {
            out.dropped(codec + " sequence header without an SPS", true);
        }
    }

    /** Handles one audio message payload (FLV AUDIODATA). */
    public void audio(long timestamp, byte[] p) {
        if (p.length < 1) {
            out.dropped("empty audio message", true);
            return;
        }
        int b0 = p[0] & 0xFF;
        int format = b0 >> 4;
        switch (format) {
            case 10 -> aac(timestamp, p);
            case 7, 8 -> {
                // G.711 in FLV is always 8 kHz whatever the rate bits say; the low bit is mono/stereo.
                Codec codec = format == 7 ? Codec.PCMA : Codec.PCMU;
                int channels = (b0 & 1) + 1;
                if (audio == null || audio.codec() != codec || audio.info().channels() != channels) {
                    newAudioTrack(TrackInfo.audio(AUDIO_TRACK, codec, TIMESCALE, null, 8000, channels));
                }
                if (p.length > 1) {
                    audioFrame(timestamp, Arrays.copyOfRange(p, 1, p.length));
                }
            }
            default -> out.dropped("unsupported FLV sound format " + format, false);
        }
    }

    private void aac(long timestamp, byte[] p) {
        if (p.length < 2) {
            out.dropped("AAC audio header truncated", true);
            return;
        }
        int packetType = p[1] & 0xFF;
        if (packetType == 0) {
            byte[] asc = Arrays.copyOfRange(p, 2, p.length);
            AudioSpecificConfig config;
            try {
                config = AudioSpecificConfig.parse(asc);
            } catch (RuntimeException e) {
                out.dropped("bad AAC sequence header: " + e.getMessage(), true);
                return;
            }
            if (audio == null
                    || audio.codec() != Codec.AAC
                    || !Arrays.equals(audio.info().audioSpecificConfig(), asc)) {
                newAudioTrack(TrackInfo.audio(
                        AUDIO_TRACK, Codec.AAC, TIMESCALE, asc, config.outputSampleRate(), config.channels()));
            }
            return;
        }
        if (packetType != 1) {
            out.dropped("unknown AACPacketType " + packetType, true);
            return;
        }
        if (audio == null || audio.codec() != Codec.AAC) {
            out.dropped("AAC frame before its sequence header", false);
            return;
        }
        if (p.length == 2) {
            return;
        }
        audioFrame(timestamp, Arrays.copyOfRange(p, 2, p.length));
    }

    private void newAudioTrack(TrackInfo info) {
        audio = TrackPipeline.audio(info, out);
        out.tracksChanged();
    }

    private void audioFrame(long timestamp, byte[] data) {
        long dts = audioClock.unwrap(timestamp);
        audio.push(new MediaFrame(AUDIO_TRACK, dts, dts, true, data));
    }

    private static int si24(byte[] p, int o) {
        int v = ((p[o] & 0xFF) << 16) | ((p[o + 1] & 0xFF) << 8) | (p[o + 2] & 0xFF);
        return (v << 8) >> 8; // sign-extend
    }

    private static int fourcc(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }

    private static String fourccName(int v) {
        StringBuilder sb = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (v >> shift) & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return sb.toString();
    }
}
