package io.zonecam.webrtc.negotiation;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.sdp.MediaDescription;
import io.zonecam.media.sdp.RtpMap;
import io.zonecam.webrtc.negotiation.NegotiationException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CodecChoice picks what a viewer gets from the offered formats: the H.264 payload type (and its RTX) for the
 * camera's profile, and the audio payload type for the camera's audio codec. The reasons for each rule are on
 * {@link WhepNegotiator}.
 */
final class CodecChoice {

    private CodecChoice() {}

    record VideoChoice(
            int payloadType,
            int rtxPayloadType,
            String fmtp,
            H264ProfileLevelId profileLevelId,
            H264ProfileLevelId cameraProfile,
            boolean mismatch) {}

    record H264Candidate(int payloadType, int order, String fmtp, H264ProfileLevelId id) {}

    static VideoChoice chooseVideo(MediaDescription video, TrackInfo camera, boolean allowProfileMismatch)
            throws NegotiationException {
        Map<Integer, RtpMap> maps = video.rtpMaps();
        Set<Integer> formats = OfferReader.payloadTypes(video);
        List<H264Candidate> candidates = new ArrayList<>();
        boolean anyH264 = false;
        int order = 0;
        for (RtpMap map : maps.values()) {
            if (!map.is("H264") || map.clockRate() != 90_000 || !formats.contains(map.payloadType())) {
                continue;
            }
            anyH264 = true;
            Map<String, String> fmtp = video.fmtp(map.payloadType());
            if (!"1".equals(fmtp.get("packetization-mode"))) {
                continue; // absent means 0 (RFC 6184 §8.1): single NAL units cannot carry 1080p keyframes
            }
            H264ProfileLevelId id = fmtp.containsKey("profile-level-id")
                    ? H264ProfileLevelId.parse(fmtp.get("profile-level-id"))
                    : H264ProfileLevelId.DEFAULT;
            String raw = OfferReader.rawFmtp(video, map.payloadType());
            if (id == null || raw == null) {
                continue;
            }
            candidates.add(new H264Candidate(map.payloadType(), order++, raw, id));
        }
        if (candidates.isEmpty()) {
            throw new NegotiationException(
                    Reason.NO_H264_PACKETIZATION_MODE_1,
                    anyH264 ? "H.264 is offered only with packetization-mode 0" : "the video section offers no H.264");
        }
        H264ProfileLevelId cameraProfile = camera.parameterSets().isEmpty()
                ? null
                : H264ProfileLevelId.fromSps(camera.parameterSets().get(0));

        H264Candidate best = null;
        boolean mismatch = false;
        if (cameraProfile == null) {
            // No SPS yet: Constrained Baseline is what every receiver decodes; the stream will match or mismatch
            // exactly as with a known profile, so prefer the safest signalling.
            best = firstOfProfile(candidates, H264Profile.CONSTRAINED_BASELINE);
        } else {
            H264Profile cam = cameraProfile.profile();
            int bestScore = Integer.MAX_VALUE;
            for (H264Candidate c : candidates) {
                H264Profile offered = c.id.profile();
                if (!offered.decodes(cam)) {
                    continue;
                }
                int score = (offered == cam ? 0 : 2) + (c.id.levelOrder() >= cameraProfile.levelOrder() ? 0 : 1);
                if (score < bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            if (best == null) {
                if (!allowProfileMismatch) {
                    throw new NegotiationException(
                            Reason.NO_COMPATIBLE_H264_PROFILE,
                            "no offered H.264 profile " + "decodes the camera's " + cameraProfile);
                }
                mismatch = true;
                best = firstOfProfile(candidates, H264Profile.CONSTRAINED_BASELINE);
            }
        }
        if (best == null) {
            best = candidates.get(0);
        }
        return new VideoChoice(
                best.payloadType,
                rtxFor(video, best.payloadType, formats),
                best.fmtp,
                best.id,
                cameraProfile,
                mismatch);
    }

    static H264Candidate firstOfProfile(List<H264Candidate> candidates, H264Profile profile) {
        for (H264Candidate c : candidates) {
            if (c.id.profile() == profile) {
                return c;
            }
        }
        return null;
    }

    /** The offered rtx/90000 payload type with {@code apt=<payloadType>} (RFC 4588 §8.6), or -1. */
    static int rtxFor(MediaDescription m, int payloadType, Set<Integer> formats) {
        for (RtpMap map : m.rtpMaps().values()) {
            if (map.is("rtx")
                    && map.clockRate() == 90_000
                    && formats.contains(map.payloadType())
                    && Integer.toString(payloadType)
                            .equals(m.fmtp(map.payloadType()).get("apt"))) {
                return map.payloadType();
            }
        }
        return -1;
    }

    record AudioChoice(Codec codec, int payloadType, int clockRate, int channels, String note) {
        static AudioChoice rejected(String note) {
            return new AudioChoice(null, -1, 0, 0, note);
        }
    }

    static AudioChoice chooseAudio(MediaDescription m, TrackInfo camera) {
        if (!OfferReader.isDtlsSrtp(m)) {
            return AudioChoice.rejected("the audio section does not use DTLS-SRTP");
        }
        Set<Integer> formats = OfferReader.payloadTypes(m);
        Map<Integer, RtpMap> maps = m.rtpMaps();
        return switch (camera.codec()) {
            case OPUS -> {
                for (RtpMap map : maps.values()) {
                    // RFC 7587 §7: opus is always signalled as opus/48000/2.
                    if (map.is("opus") && map.clockRate() == 48_000 && formats.contains(map.payloadType())) {
                        yield new AudioChoice(Codec.OPUS, map.payloadType(), 48_000, 2, null);
                    }
                }
                yield AudioChoice.rejected("the offer has no opus/48000/2");
            }
            case PCMU, PCMA -> {
                if (camera.sampleRate() != 0 && camera.sampleRate() != 8000 || camera.channels() > 1) {
                    yield AudioChoice.rejected("G.711 is only offered as 8 kHz mono");
                }
                String name = camera.codec() == Codec.PCMU ? "PCMU" : "PCMA";
                int staticPt = camera.codec() == Codec.PCMU ? 0 : 8; // RFC 3551 §6
                for (int pt : OfferReader.orderedPayloadTypes(m)) {
                    RtpMap map = maps.get(pt);
                    boolean match = map == null ? pt == staticPt : map.is(name) && map.clockRate() == 8000;
                    if (match) {
                        yield new AudioChoice(camera.codec(), pt, 8000, 1, null);
                    }
                }
                yield AudioChoice.rejected("the offer has no " + name + "/8000");
            }
            case AAC ->
                AudioChoice.rejected("the camera's audio is AAC, which no browser decodes over WebRTC "
                        + "(RFC 7874: Opus and G.711) and the node does not transcode");
            default -> AudioChoice.rejected("the camera's audio codec " + camera.codec() + " is not sent to browsers");
        };
    }
}
