package io.zonecam.webrtc.negotiation;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.sdp.Attribute;
import io.zonecam.media.sdp.MediaDescription;
import io.zonecam.media.sdp.RtpMap;
import io.zonecam.media.sdp.SdpException;
import io.zonecam.media.sdp.SessionDescription;
import io.zonecam.webrtc.dtls.CertificateFingerprint;
import io.zonecam.webrtc.ice.IceCredentials;
import io.zonecam.webrtc.negotiation.NegotiationException.Reason;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * WhepNegotiator answers a WHEP viewer's SDP offer (RFC 9725 §4.2, JSEP RFC 8829 §5.3) for one camera: the node is an
 * ICE-lite (RFC 8445 §2.5), DTLS-server ({@code a=setup:passive}), send-only peer on one bundled transport.
 *
 * <p>Choices, and why:
 * <ul>
 *   <li><b>H.264 payload type.</b> Only packetization-mode=1 payload types are candidates (FU-A fragmentation,
 *       RFC 6184 §5.8). Among them the node prefers one whose profile decodes the camera's (read from its SPS),
 *       the same profile before a wider one, a level at least the camera's, then the browser's order. When no offered
 *       profile decodes the camera's — a Main or High camera against an offer with only Constrained Baseline 42e01f,
 *       which Chrome always offers and werift/older Safari offer alone — the node still answers with an offered
 *       payload type (Constrained Baseline first) and sends the camera's stream unchanged, flagged as
 *       {@link NegotiatedVideo#profileMismatch()}. Browsers match codecs by payload type and use
 *       profile-level-id only to pick a matching format; their H.264 decoders (FFmpeg in Chromium, platform
 *       decoders in Safari and Firefox) decode High and Main whatever was signalled. MediaMTX does the same: it
 *       always signals 42e01f for H.264 whatever the source profile; strict SFUs such as mediasoup refuse instead.
 *       We never transcode (design principle 6), so refusing would leave the viewer with nothing; a strict mode
 *       exists for tests and for clients known to enforce profiles.</li>
 *   <li><b>Answer fmtp.</b> The chosen payload type's fmtp is echoed as offered: RFC 6184 §8.2.2 forbids changing
 *       the profile in an answer, and libwebrtc rejects an answer whose H.264 profile differs from its offer.</li>
 *   <li><b>Feedback.</b> Only {@code nack}, {@code nack pli} and {@code ccm fir} are answered (when offered):
 *       NACKs are served from the retransmission buffer and PLI/FIR from the keyframe cache. {@code goog-remb} and
 *       {@code transport-cc} are not answered because the node does no congestion control on a camera stream it
 *       cannot re-encode.</li>
 *   <li><b>Audio.</b> Opus and G.711 cameras get an audio section when the offer has the codec and bundles audio
 *       with video. AAC cameras (most IP cameras) get the audio section rejected with port 0 and a video-only
 *       session: WebRTC's audio codecs are Opus and G.711 (RFC 7874 §3), no browser negotiates AAC over RTP, and
 *       the node does not transcode.</li>
 *   <li><b>BUNDLE.</b> The node has one ICE/DTLS transport per viewer. Sections are accepted only if they are in the
 *       video section's BUNDLE group (RFC 8843); an offer without BUNDLE gets its video answered and every other
 *       section rejected, instead of an error.</li>
 *   <li><b>Candidates.</b> The node's host candidates and {@code a=end-of-candidates} go into the answer's
 *       BUNDLE-tag section (RFC 8843 §7.3.1, RFC 8840 §4.1); ICE-lite never trickles. ICE credentials, fingerprint
 *       and setup are repeated in each accepted section, as browsers do in their own answers.</li>
 *   <li><b>Rejected sections</b> keep their type, protocol, first format and mid, with port 0 (RFC 8829 §5.3.1,
 *       RFC 8843 §7.3.3) and are left out of the answer's BUNDLE group.</li>
 * </ul>
 *
 * <p>Thread-safe if the random generator is (the default {@link SecureRandom} is).
 */
public final class WhepNegotiator {

    /** Longest offer accepted; browser offers with every codec and extension are 5–10 KiB. */
    public static final int MAX_OFFER_LENGTH = 32 * 1024;

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_REPORTED_LENGTH = 64;

    private final RandomGenerator random;
    private final boolean allowProfileMismatch;

    /** A negotiator with {@link SecureRandom} identifiers that answers profile mismatches (see the class doc). */
    public WhepNegotiator() {
        this(new SecureRandom(), true);
    }

    /**
     * @param random               source of SSRCs, CNAME and msid ids
     * @param allowProfileMismatch answer with an offered H.264 payload type even when no offered profile decodes
     *                             the camera's (false: fail with {@link Reason#NO_COMPATIBLE_H264_PROFILE})
     */
    public WhepNegotiator(RandomGenerator random, boolean allowProfileMismatch) {
        this.random = Objects.requireNonNull(random, "random");
        this.allowProfileMismatch = allowProfileMismatch;
    }

    /**
     * Answers a receive-only viewer's offer for a camera.
     *
     * @param offer        the viewer's SDP offer (the WHEP POST body)
     * @param cameraTracks the camera's tracks; the first H.264 one is sent, the first audio one if it can be
     * @param local        the node's credentials, fingerprint and candidates for this viewer
     * @throws NegotiationException when the offer cannot be answered; nothing else is thrown for any offer text
     */
    public WhepAnswer answer(String offer, List<TrackInfo> cameraTracks, LocalEndpoint local)
            throws NegotiationException {
        Objects.requireNonNull(cameraTracks, "cameraTracks");
        Objects.requireNonNull(local, "local");
        TrackInfo cameraVideo = cameraTracks.stream()
                .filter(t -> t.codec() == Codec.H264)
                .findFirst()
                .orElseThrow(() ->
                        new NegotiationException(Reason.CAMERA_HAS_NO_H264, "the camera sends no H.264 video track"));
        Optional<TrackInfo> cameraAudio =
                cameraTracks.stream().filter(t -> !t.isVideo()).findFirst();

        SessionDescription sdp = parse(offer);
        if (sdp.attribute("ice-lite").isPresent()) {
            throw new NegotiationException(Reason.REMOTE_ICE_LITE, "the offer is ICE-lite and so is this node");
        }
        List<MediaDescription> sections = sdp.media();
        List<String> mids = mids(sections);
        List<List<String>> bundles = bundleGroups(sdp);

        int videoIndex = findVideoSection(sections);
        MediaDescription videoSection = sections.get(videoIndex);
        String videoMid = mids.get(videoIndex);
        checkReceivable(videoSection);
        List<String> videoBundle = videoMid == null
                ? List.of()
                : bundles.stream().filter(g -> g.contains(videoMid)).findFirst().orElse(List.of());

        // Transport parameters: media level first, then session level (Firefox puts fingerprints there).
        String ufrag = transportAttribute(videoSection, sdp, "ice-ufrag");
        String pwd = transportAttribute(videoSection, sdp, "ice-pwd");
        if (ufrag == null || pwd == null) {
            throw new NegotiationException(Reason.NO_ICE_CREDENTIALS, "the offer has no a=ice-ufrag/a=ice-pwd");
        }
        if (!IceCredentials.isIceChars(ufrag, 4, 256) || !IceCredentials.isIceChars(pwd, 22, 256)) {
            throw new NegotiationException(
                    Reason.INVALID_ICE_CREDENTIALS,
                    "ICE ufrag must be 4..256 and pwd 22..256 characters of [A-Za-z0-9+/] (RFC 8839 §5.4)");
        }
        List<CertificateFingerprint> fingerprints = fingerprints(videoSection, sdp);
        checkSetupRole(videoSection, sdp);

        VideoChoice choice = chooseVideo(videoSection, cameraVideo);
        long videoSsrc = newSsrc(Set.of());
        long rtxSsrc = choice.rtxPayloadType >= 0 ? newSsrc(Set.of(videoSsrc)) : 0;
        String cname = randomToken(16);
        String streamId = "zonecam-" + randomToken(12);
        List<String> fb = videoSection.rtcpFeedback(choice.payloadType);
        NegotiatedVideo video = new NegotiatedVideo(
                videoMid,
                choice.payloadType,
                choice.rtxPayloadType,
                choice.fmtp,
                choice.profileLevelId,
                choice.cameraProfile,
                choice.mismatch,
                videoSsrc,
                rtxSsrc,
                fb.contains("nack"),
                fb.contains("nack pli"),
                fb.contains("ccm fir"),
                "video-" + randomToken(8));

        // Audio: the first offered audio section that is bundled with video and carries the camera's codec.
        NegotiatedAudio audio = null;
        String audioNote = null;
        int audioIndex = -1;
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).type().equals("audio") && isEnabled(sections.get(i))) {
                audioIndex = i;
                break;
            }
        }
        if (cameraAudio.isEmpty()) {
            audioNote = "the camera has no audio track";
        } else if (audioIndex < 0) {
            audioNote = "the offer has no audio section";
        } else {
            MediaDescription a = sections.get(audioIndex);
            String mid = mids.get(audioIndex);
            AudioChoice ac = chooseAudio(a, cameraAudio.get());
            if (ac.note != null) {
                audioNote = ac.note;
            } else if (mid == null || !videoBundle.contains(mid)) {
                audioNote = "audio is not bundled with video and the node has one transport per viewer";
            } else if (!a.has("rtcp-mux")) {
                audioNote = "the audio section lacks a=rtcp-mux";
            } else if (!receivable(a)) {
                audioNote = "the audio section does not receive";
            } else {
                audio = new NegotiatedAudio(
                        mid,
                        ac.codec,
                        ac.payloadType,
                        ac.clockRate,
                        ac.channels,
                        newSsrc(Set.of(videoSsrc, rtxSsrc)),
                        "audio-" + randomToken(8));
            }
        }

        NegotiatedSession session = new NegotiatedSession(
                ufrag,
                pwd,
                fingerprints,
                local.iceUfrag(),
                local.icePwd(),
                false,
                videoSection.has("rtcp-rsize"),
                video,
                Optional.ofNullable(audio),
                audioNote,
                cname,
                streamId);
        List<String> answerBundle = new ArrayList<>();
        for (String mid : videoBundle) {
            if (mid.equals(videoMid) || (audio != null && mid.equals(audio.mid()))) {
                answerBundle.add(mid);
            }
        }
        session = withBundled(session, !answerBundle.isEmpty());
        String text = buildAnswer(
                sdp, sections, mids, videoIndex, audio == null ? -1 : audioIndex, session, choice, answerBundle, local);
        return new WhepAnswer(text, session);
    }

    // ---- parsing and checks --------------------------------------------------------------------------------------

    private static SessionDescription parse(String offer) throws NegotiationException {
        if (offer == null || offer.isBlank()) {
            throw new NegotiationException(Reason.MALFORMED_SDP, "empty offer");
        }
        if (offer.length() > MAX_OFFER_LENGTH) {
            throw new NegotiationException(
                    Reason.OFFER_TOO_LARGE, "offer of " + offer.length() + " characters exceeds " + MAX_OFFER_LENGTH);
        }
        try {
            SessionDescription sdp = SessionDescription.parse(offer);
            for (MediaDescription m : sdp.media()) {
                m.rtpMaps(); // parses every rtpmap now, so later lookups cannot fail
            }
            return sdp;
        } catch (SdpException e) {
            throw new NegotiationException(Reason.MALFORMED_SDP, e.getMessage());
        }
    }

    private static List<String> mids(List<MediaDescription> sections) throws NegotiationException {
        List<String> mids = new ArrayList<>(sections.size());
        Set<String> seen = new HashSet<>();
        for (MediaDescription m : sections) {
            String mid = m.attribute("mid").map(String::strip).orElse(null);
            if (mid != null && (mid.isEmpty() || !seen.add(mid) || !isToken(mid))) {
                throw new NegotiationException(
                        Reason.MALFORMED_SDP, "empty, duplicate or invalid mid " + abbreviate(mid));
            }
            mids.add(mid);
        }
        return mids;
    }

    private static List<List<String>> bundleGroups(SessionDescription sdp) {
        List<List<String>> groups = new ArrayList<>();
        for (Attribute a : sdp.attributes()) {
            if (a.name().equals("group") && a.value() != null) {
                String[] parts = a.value().strip().split("\\s+");
                if (parts.length > 1 && parts[0].equals("BUNDLE")) {
                    groups.add(List.of(parts).subList(1, parts.length));
                }
            }
        }
        return groups;
    }

    /** A section the offerer enabled: a non-zero port, or port 0 with bundle-only (RFC 8843 §6). */
    private static boolean isEnabled(MediaDescription m) {
        return m.port() != 0 || m.has("bundle-only");
    }

    private static boolean isDtlsSrtp(MediaDescription m) {
        String p = m.protocol().toUpperCase(Locale.ROOT);
        return p.equals("UDP/TLS/RTP/SAVPF") || p.equals("UDP/TLS/RTP/SAVP");
    }

    private static int findVideoSection(List<MediaDescription> sections) throws NegotiationException {
        int firstVideo = -1;
        for (int i = 0; i < sections.size(); i++) {
            MediaDescription m = sections.get(i);
            if (m.type().equals("video") && isEnabled(m)) {
                if (isDtlsSrtp(m)) {
                    return i;
                }
                if (firstVideo < 0) {
                    firstVideo = i;
                }
            }
        }
        if (firstVideo >= 0) {
            throw new NegotiationException(
                    Reason.UNSUPPORTED_TRANSPORT,
                    "video section uses " + abbreviate(sections.get(firstVideo).protocol())
                            + ", WebRTC needs UDP/TLS/RTP/SAVPF");
        }
        throw new NegotiationException(Reason.NO_VIDEO_SECTION, "the offer has no enabled m=video section");
    }

    private static String direction(MediaDescription m) {
        for (Attribute a : m.attributes()) {
            if (a.value() == null) {
                switch (a.name()) {
                    case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                        return a.name();
                    }
                    default -> {}
                }
            }
        }
        return "sendrecv"; // RFC 8866 §6.7: the default
    }

    private static boolean receivable(MediaDescription m) {
        String d = direction(m);
        return d.equals("recvonly") || d.equals("sendrecv");
    }

    private static void checkReceivable(MediaDescription video) throws NegotiationException {
        if (!receivable(video)) {
            throw new NegotiationException(
                    Reason.VIDEO_NOT_RECEIVABLE,
                    "the video section is " + direction(video) + "; a WHEP viewer must offer recvonly");
        }
        if (!video.has("rtcp-mux")) {
            throw new NegotiationException(Reason.NO_RTCP_MUX, "the video section lacks a=rtcp-mux");
        }
    }

    private static String transportAttribute(MediaDescription m, SessionDescription sdp, String name) {
        String v = m.attribute(name).orElseGet(() -> sdp.attribute(name).orElse(null));
        return v == null ? null : v.strip();
    }

    private static List<CertificateFingerprint> fingerprints(MediaDescription m, SessionDescription sdp)
            throws NegotiationException {
        List<String> values = m.attributes("fingerprint");
        if (values.isEmpty()) {
            values = new ArrayList<>();
            for (Attribute a : sdp.attributes()) {
                if (a.name().equals("fingerprint") && a.value() != null) {
                    values.add(a.value());
                }
            }
        }
        List<CertificateFingerprint> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(CertificateFingerprint.parse(v));
            } catch (IllegalArgumentException e) {
                // RFC 8122 §5 allows several; unusable ones (md5, typos) are skipped, at least one must remain.
            }
        }
        if (out.isEmpty()) {
            throw new NegotiationException(
                    Reason.NO_FINGERPRINT, "no a=fingerprint with sha-1/224/256/384/512 in the offer");
        }
        return out;
    }

    private static void checkSetupRole(MediaDescription m, SessionDescription sdp) throws NegotiationException {
        String setup = transportAttribute(m, sdp, "setup");
        if (setup == null || setup.equals("actpass") || setup.equals("active")) {
            return; // a missing setup means actpass for an offer (RFC 4145 §4)
        }
        throw new NegotiationException(
                Reason.UNSUPPORTED_SETUP_ROLE,
                "a=setup:" + abbreviate(setup) + " would make this node the DTLS client; offer actpass");
    }

    // ---- codec choice --------------------------------------------------------------------------------------------

    private record VideoChoice(
            int payloadType,
            int rtxPayloadType,
            String fmtp,
            H264ProfileLevelId profileLevelId,
            H264ProfileLevelId cameraProfile,
            boolean mismatch) {}

    private record H264Candidate(int payloadType, int order, String fmtp, H264ProfileLevelId id) {}

    private VideoChoice chooseVideo(MediaDescription video, TrackInfo camera) throws NegotiationException {
        Map<Integer, RtpMap> maps = video.rtpMaps();
        Set<Integer> formats = payloadTypes(video);
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
            String raw = rawFmtp(video, map.payloadType());
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

    private static H264Candidate firstOfProfile(List<H264Candidate> candidates, H264Profile profile) {
        for (H264Candidate c : candidates) {
            if (c.id.profile() == profile) {
                return c;
            }
        }
        return null;
    }

    private static Set<Integer> payloadTypes(MediaDescription m) {
        Set<Integer> pts = new HashSet<>();
        for (String f : m.formats()) {
            if (f.length() <= 3 && !f.isEmpty() && f.chars().allMatch(Character::isDigit)) {
                pts.add(Integer.parseInt(f));
            }
        }
        return pts;
    }

    /**
     * The fmtp text for a payload type exactly as offered (echoed in the answer), or null when absent or when it
     * holds control characters (a lone CR inside a line would otherwise be echoed into the answer).
     */
    private static String rawFmtp(MediaDescription m, int payloadType) {
        String prefix = payloadType + " ";
        for (String v : m.attributes("fmtp")) {
            if (v.startsWith(prefix)) {
                String text = v.substring(prefix.length()).strip();
                return text.length() <= 512 && text.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F) ? text : null;
            }
        }
        return null;
    }

    /** The offered rtx/90000 payload type with {@code apt=<payloadType>} (RFC 4588 §8.6), or -1. */
    private static int rtxFor(MediaDescription m, int payloadType, Set<Integer> formats) {
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

    private record AudioChoice(Codec codec, int payloadType, int clockRate, int channels, String note) {
        static AudioChoice rejected(String note) {
            return new AudioChoice(null, -1, 0, 0, note);
        }
    }

    private static AudioChoice chooseAudio(MediaDescription m, TrackInfo camera) {
        if (!isDtlsSrtp(m)) {
            return AudioChoice.rejected("the audio section does not use DTLS-SRTP");
        }
        Set<Integer> formats = payloadTypes(m);
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
                for (int pt : orderedPayloadTypes(m)) {
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

    private static List<Integer> orderedPayloadTypes(MediaDescription m) {
        List<Integer> pts = new ArrayList<>();
        for (String f : m.formats()) {
            if (f.length() <= 3 && !f.isEmpty() && f.chars().allMatch(Character::isDigit)) {
                pts.add(Integer.parseInt(f));
            }
        }
        return pts;
    }

    // ---- answer --------------------------------------------------------------------------------------------------

    private String buildAnswer(
            SessionDescription offer,
            List<MediaDescription> sections,
            List<String> mids,
            int videoIndex,
            int audioIndex,
            NegotiatedSession s,
            VideoChoice choice,
            List<String> bundle,
            LocalEndpoint local) {
        List<Attribute> sessionAttrs = new ArrayList<>();
        sessionAttrs.add(new Attribute("ice-lite", null));
        if (!bundle.isEmpty()) {
            sessionAttrs.add(new Attribute("group", "BUNDLE " + String.join(" ", bundle)));
        }
        sessionAttrs.add(new Attribute("msid-semantic", " WMS " + s.streamId()));
        // The BUNDLE tag gets the candidates; without BUNDLE the only accepted section (video) does.
        String candidateMid = bundle.isEmpty() ? s.video().mid() : bundle.get(0);

        List<MediaDescription> answer = new ArrayList<>(sections.size());
        for (int i = 0; i < sections.size(); i++) {
            MediaDescription m = sections.get(i);
            String mid = mids.get(i);
            boolean candidates = i == videoIndex && candidateMid == null || mid != null && mid.equals(candidateMid);
            if (i == videoIndex) {
                answer.add(videoSection(m, s, choice, local, candidates));
            } else if (i == audioIndex) {
                answer.add(audioSection(m, s, s.audio().orElseThrow(), local, candidates));
            } else {
                answer.add(rejected(m, mid));
            }
        }
        long sessionId = random.nextLong() & Long.MAX_VALUE;
        return new SessionDescription("- " + sessionId + " 2 IN IP4 127.0.0.1", "-", null, sessionAttrs, answer)
                .format();
    }

    private MediaDescription videoSection(
            MediaDescription offered, NegotiatedSession s, VideoChoice c, LocalEndpoint local, boolean candidates) {
        NegotiatedVideo v = s.video();
        List<String> formats = new ArrayList<>();
        formats.add(Integer.toString(v.payloadType()));
        if (v.hasRtx()) {
            formats.add(Integer.toString(v.rtxPayloadType()));
        }
        List<Attribute> a = new ArrayList<>();
        transport(a, v.mid(), local);
        a.add(new Attribute("sendonly", null));
        a.add(new Attribute("msid", s.streamId() + " " + v.trackId()));
        a.add(new Attribute("rtcp-mux", null));
        if (s.rtcpReducedSize()) {
            a.add(new Attribute("rtcp-rsize", null));
        }
        int pt = v.payloadType();
        a.add(new Attribute("rtpmap", pt + " H264/90000"));
        if (v.nack()) {
            a.add(new Attribute("rtcp-fb", pt + " nack"));
        }
        if (v.pli()) {
            a.add(new Attribute("rtcp-fb", pt + " nack pli"));
        }
        if (v.fir()) {
            a.add(new Attribute("rtcp-fb", pt + " ccm fir"));
        }
        if (c.fmtp != null) {
            a.add(new Attribute("fmtp", pt + " " + c.fmtp));
        }
        if (v.hasRtx()) {
            a.add(new Attribute("rtpmap", v.rtxPayloadType() + " rtx/90000"));
            a.add(new Attribute("fmtp", v.rtxPayloadType() + " apt=" + pt));
            a.add(new Attribute("ssrc-group", "FID " + v.ssrc() + " " + v.rtxSsrc()));
        }
        ssrc(a, v.ssrc(), s, v.trackId());
        if (v.hasRtx()) {
            ssrc(a, v.rtxSsrc(), s, v.trackId());
        }
        if (candidates) {
            candidates(a, local);
        }
        return new MediaDescription("video", 9, offered.protocol(), formats, a, "IN IP4 0.0.0.0");
    }

    private MediaDescription audioSection(
            MediaDescription offered,
            NegotiatedSession s,
            NegotiatedAudio au,
            LocalEndpoint local,
            boolean candidates) {
        List<Attribute> a = new ArrayList<>();
        transport(a, au.mid(), local);
        a.add(new Attribute("sendonly", null));
        a.add(new Attribute("msid", s.streamId() + " " + au.trackId()));
        a.add(new Attribute("rtcp-mux", null));
        if (offered.has("rtcp-rsize")) {
            a.add(new Attribute("rtcp-rsize", null));
        }
        String encoding = switch (au.codec()) {
            case OPUS -> "opus/48000/2";
            case PCMU -> "PCMU/8000";
            default -> "PCMA/8000";
        };
        a.add(new Attribute("rtpmap", au.payloadType() + " " + encoding));
        String fmtp = rawFmtp(offered, au.payloadType());
        if (au.codec() == Codec.OPUS && fmtp != null) {
            a.add(new Attribute("fmtp", au.payloadType() + " " + fmtp));
        }
        ssrc(a, au.ssrc(), s, au.trackId());
        if (candidates) {
            candidates(a, local);
        }
        return new MediaDescription(
                "audio", 9, offered.protocol(), List.of(Integer.toString(au.payloadType())), a, "IN IP4 0.0.0.0");
    }

    private static void transport(List<Attribute> a, String mid, LocalEndpoint local) {
        a.add(new Attribute("ice-ufrag", local.iceUfrag()));
        a.add(new Attribute("ice-pwd", local.icePwd()));
        a.add(new Attribute("fingerprint", local.fingerprint().toSdpValue()));
        a.add(new Attribute("setup", "passive"));
        if (mid != null) {
            a.add(new Attribute("mid", mid));
        }
    }

    private static void ssrc(List<Attribute> a, long ssrc, NegotiatedSession s, String trackId) {
        a.add(new Attribute("ssrc", ssrc + " cname:" + s.cname()));
        a.add(new Attribute("ssrc", ssrc + " msid:" + s.streamId() + " " + trackId));
    }

    private static void candidates(List<Attribute> a, LocalEndpoint local) {
        for (String c : local.candidates()) {
            a.add(new Attribute("candidate", c));
        }
        a.add(new Attribute("end-of-candidates", null));
    }

    private static MediaDescription rejected(MediaDescription m, String mid) {
        List<Attribute> a = new ArrayList<>();
        if (mid != null) {
            a.add(new Attribute("mid", mid));
        }
        String format = m.formats().isEmpty() ? "0" : m.formats().get(0);
        String protocol = m.protocol();
        if (!isToken(m.type()) || !isProtocol(protocol) || !isToken(format)) {
            // Never echo what the offer smuggled in: a rejected section of unknown shape becomes a minimal one.
            return new MediaDescription(
                    isToken(m.type()) ? m.type() : "application",
                    0,
                    "UDP/TLS/RTP/SAVPF",
                    List.of("0"),
                    a,
                    "IN IP4 0.0.0.0");
        }
        return new MediaDescription(m.type(), 0, protocol, List.of(format), a, "IN IP4 0.0.0.0");
    }

    private static NegotiatedSession withBundled(NegotiatedSession s, boolean bundled) {
        return new NegotiatedSession(
                s.remoteIceUfrag(),
                s.remoteIcePwd(),
                s.remoteFingerprints(),
                s.localIceUfrag(),
                s.localIcePwd(),
                bundled,
                s.rtcpReducedSize(),
                s.video(),
                s.audio(),
                s.audioNote(),
                s.cname(),
                s.streamId());
    }

    // ---- identifiers ---------------------------------------------------------------------------------------------

    /** A random non-zero SSRC distinct from {@code taken} (RFC 3550 §8.1: chosen randomly). */
    private long newSsrc(Set<Long> taken) {
        while (true) {
            long ssrc = random.nextLong() & 0xFFFF_FFFFL;
            if (ssrc != 0 && !taken.contains(ssrc)) {
                return ssrc;
            }
        }
    }

    private String randomToken(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    /** RFC 8866 token characters, bounded: what mids, media types and formats may be echoed as. */
    private static boolean isToken(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_REPORTED_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`{|}~".indexOf(c) >= 0);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isProtocol(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_REPORTED_LENGTH) {
            return false;
        }
        for (String part : s.split("/", -1)) {
            if (!isToken(part)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() <= MAX_REPORTED_LENGTH ? s : s.substring(0, MAX_REPORTED_LENGTH) + "…";
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }
}
