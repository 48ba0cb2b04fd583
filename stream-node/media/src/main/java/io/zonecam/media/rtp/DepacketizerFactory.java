package io.zonecam.media.rtp;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.aac.AudioSpecificConfig;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.h264.H264Sps;
import io.zonecam.media.h265.H265Nal;
import io.zonecam.media.h265.H265Sps;
import io.zonecam.media.sdp.MediaDescription;
import io.zonecam.media.sdp.RtpMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * DepacketizerFactory turns an SDP media section (an RTSP ANNOUNCE or DESCRIBE answer) into a track description
 * and the matching depacketizer, reading the codec from {@code a=rtpmap} and its configuration from
 * {@code a=fmtp}: H.264 {@code sprop-parameter-sets} (RFC 6184 §8.1), H.265 {@code sprop-vps/sps/pps} (RFC 7798
 * §7.1), AAC {@code config} with {@code mode=AAC-hbr|AAC-lbr} (RFC 3640 §4.1), Opus (RFC 7587 §6.1) and static
 * payload types 0 (PCMU) and 8 (PCMA) (RFC 3551 §6).
 */
public final class DepacketizerFactory {

    /** Largest base64 parameter set accepted from an SDP. */
    private static final int MAX_PARAMETER_SET = 4096;

    private DepacketizerFactory() {}

    /**
     * Builds the track for the first supported format of {@code media}. Returns empty when no format is supported
     * (e.g. MP4A-LATM, MJPEG); throws {@link MediaFormatException} when a supported codec's parameters are malformed.
     */
    public static Optional<RtpTrack> create(MediaDescription media, int trackId) {
        Map<Integer, RtpMap> maps;
        try {
            maps = media.rtpMaps();
        } catch (RuntimeException e) {
            throw new MediaFormatException("bad rtpmap: " + e.getMessage(), e);
        }
        for (String format : media.formats()) {
            int pt;
            try {
                pt = Integer.parseInt(format);
            } catch (NumberFormatException e) {
                continue;
            }
            if (pt < 0 || pt > 127) {
                continue;
            }
            RtpMap map = maps.get(pt);
            Optional<RtpTrack> track = map == null ? staticType(pt, trackId) : dynamic(media, map, trackId);
            if (track.isPresent()) {
                return track;
            }
        }
        return Optional.empty();
    }

    private static Optional<RtpTrack> staticType(int pt, int trackId) {
        return switch (pt) {
            case 0 -> Optional.of(g711(pt, Codec.PCMU, 8000, 1, trackId));
            case 8 -> Optional.of(g711(pt, Codec.PCMA, 8000, 1, trackId));
            default -> Optional.empty();
        };
    }

    private static RtpTrack g711(int pt, Codec codec, int rate, int channels, int trackId) {
        return new RtpTrack(
                pt,
                rate,
                TrackInfo.audio(trackId, codec, rate, new byte[0], rate, channels),
                new FramePerPacketDepacketizer(trackId, rate));
    }

    private static Optional<RtpTrack> dynamic(MediaDescription media, RtpMap map, int trackId) {
        int pt = map.payloadType();
        String name = map.encoding().toUpperCase(Locale.ROOT);
        Map<String, String> fmtp = lowerKeys(media.fmtp(pt));
        return switch (name) {
            case "H264" -> Optional.of(h264(pt, map.clockRate(), fmtp, trackId));
            case "H265" -> Optional.of(h265(pt, map.clockRate(), fmtp, trackId));
            case "MPEG4-GENERIC" -> aac(pt, map, fmtp, trackId);
            case "OPUS" ->
                Optional.of(new RtpTrack(
                        pt,
                        map.clockRate(),
                        TrackInfo.audio(trackId, Codec.OPUS, 48000, new byte[0], 48000, map.channels() >= 2 ? 2 : 1),
                        new FramePerPacketDepacketizer(trackId, map.clockRate())));
            case "PCMU" -> Optional.of(g711(pt, Codec.PCMU, map.clockRate(), map.channels(), trackId));
            case "PCMA" -> Optional.of(g711(pt, Codec.PCMA, map.clockRate(), map.channels(), trackId));
            default -> Optional.empty();
        };
    }

    private static RtpTrack h264(int pt, int clock, Map<String, String> fmtp, int trackId) {
        String mode = fmtp.getOrDefault("packetization-mode", "0");
        if (!mode.equals("0") && !mode.equals("1")) {
            throw new MediaFormatException("H.264 packetization-mode " + mode + " (interleaved) is not supported");
        }
        List<byte[]> sets = decodeSets(fmtp.get("sprop-parameter-sets"));
        int width = 0;
        int height = 0;
        for (byte[] ps : sets) {
            if (H264Nal.type(ps[0]) == H264Nal.SPS) {
                H264Sps sps = H264Sps.parse(ps);
                width = sps.width();
                height = sps.height();
                break;
            }
        }
        return new RtpTrack(
                pt,
                clock,
                TrackInfo.video(trackId, Codec.H264, clock, sets, width, height),
                new H264Depacketizer(trackId, sets, NalDepacketizer.DEFAULT_MAX_ACCESS_UNIT_BYTES));
    }

    private static RtpTrack h265(int pt, int clock, Map<String, String> fmtp, int trackId) {
        List<byte[]> sets = new ArrayList<>();
        sets.addAll(decodeSets(fmtp.get("sprop-vps")));
        sets.addAll(decodeSets(fmtp.get("sprop-sps")));
        sets.addAll(decodeSets(fmtp.get("sprop-pps")));
        int width = 0;
        int height = 0;
        for (byte[] ps : sets) {
            if (ps.length > 2 && H265Nal.type(ps[0]) == H265Nal.SPS) {
                H265Sps sps = H265Sps.parse(ps);
                width = sps.width();
                height = sps.height();
                break;
            }
        }
        boolean donl = parseInt(fmtp.getOrDefault("sprop-max-don-diff", "0"), "sprop-max-don-diff") > 0;
        return new RtpTrack(
                pt,
                clock,
                TrackInfo.video(trackId, Codec.H265, clock, sets, width, height),
                new H265Depacketizer(trackId, sets, donl, NalDepacketizer.DEFAULT_MAX_ACCESS_UNIT_BYTES));
    }

    private static Optional<RtpTrack> aac(int pt, RtpMap map, Map<String, String> fmtp, int trackId) {
        String mode = fmtp.getOrDefault("mode", "").toUpperCase(Locale.ROOT);
        if (!mode.equals("AAC-HBR") && !mode.equals("AAC-LBR")) {
            return Optional.empty(); // CELP, generic streams: not AAC
        }
        String hex = fmtp.get("config");
        if (hex == null || hex.isEmpty() || hex.length() > 64) {
            throw new MediaFormatException("mpeg4-generic without a usable config=");
        }
        byte[] config;
        try {
            config = HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : hex + "0");
        } catch (IllegalArgumentException e) {
            throw new MediaFormatException("config= is not hex: " + hex);
        }
        AudioSpecificConfig asc = AudioSpecificConfig.parse(config);
        boolean hbr = mode.equals("AAC-HBR");
        int sizeLength = parseInt(fmtp.getOrDefault("sizelength", hbr ? "13" : "6"), "sizelength");
        int indexLength = parseInt(fmtp.getOrDefault("indexlength", hbr ? "3" : "2"), "indexlength");
        int deltaLength = parseInt(fmtp.getOrDefault("indexdeltalength", hbr ? "3" : "2"), "indexdeltalength");
        int rate = map.clockRate();
        TrackInfo info = TrackInfo.audio(trackId, Codec.AAC, rate, config, asc.outputSampleRate(), asc.channels());
        return Optional.of(new RtpTrack(
                pt,
                rate,
                info,
                new AacDepacketizer(trackId, rate, asc.frameLength(), sizeLength, indexLength, deltaLength)));
    }

    private static List<byte[]> decodeSets(String value) {
        List<byte[]> out = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return out;
        }
        for (String part : value.split(",")) {
            String b64 = part.trim();
            if (b64.isEmpty()) {
                continue;
            }
            if (b64.length() > MAX_PARAMETER_SET * 4 / 3 + 4 || out.size() >= 16) {
                throw new MediaFormatException("parameter sets in the SDP are too large");
            }
            try {
                byte[] nal = Base64.getDecoder().decode(b64);
                if (nal.length < 2) {
                    throw new MediaFormatException("parameter set shorter than 2 bytes");
                }
                out.add(nal);
            } catch (IllegalArgumentException e) {
                throw new MediaFormatException("parameter set is not base64: " + b64);
            }
        }
        return out;
    }

    private static Map<String, String> lowerKeys(Map<String, String> in) {
        Map<String, String> out = new java.util.HashMap<>();
        in.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static int parseInt(String v, String what) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new MediaFormatException(what + " is not a number: " + v);
        }
    }
}
