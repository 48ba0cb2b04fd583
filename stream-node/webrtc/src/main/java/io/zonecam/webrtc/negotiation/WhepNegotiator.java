package io.zonecam.webrtc.negotiation;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.sdp.MediaDescription;
import io.zonecam.media.sdp.SessionDescription;
import io.zonecam.webrtc.dtls.CertificateFingerprint;
import io.zonecam.webrtc.ice.IceCredentials;
import io.zonecam.webrtc.negotiation.NegotiationException.Reason;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
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
 * <p>The work follows the offer/answer seams: {@link OfferReader} parses and checks the offer, {@link CodecChoice}
 * applies the codec rules above, {@link AnswerWriter} writes the answer; this class ties them together and draws the
 * random identifiers. Thread-safe if the random generator is (the default {@link SecureRandom} is).
 */
public final class WhepNegotiator {

    /** Longest offer accepted; browser offers with every codec and extension are 5–10 KiB. */
    public static final int MAX_OFFER_LENGTH = OfferReader.MAX_OFFER_LENGTH;

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

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

        SessionDescription sdp = OfferReader.parse(offer);
        if (sdp.attribute("ice-lite").isPresent()) {
            throw new NegotiationException(Reason.REMOTE_ICE_LITE, "the offer is ICE-lite and so is this node");
        }
        List<MediaDescription> sections = sdp.media();
        List<String> mids = OfferReader.mids(sections);
        List<List<String>> bundles = OfferReader.bundleGroups(sdp);

        int videoIndex = OfferReader.findVideoSection(sections);
        MediaDescription videoSection = sections.get(videoIndex);
        String videoMid = mids.get(videoIndex);
        OfferReader.checkReceivable(videoSection);
        List<String> videoBundle = videoMid == null
                ? List.of()
                : bundles.stream().filter(g -> g.contains(videoMid)).findFirst().orElse(List.of());

        // Transport parameters: media level first, then session level (Firefox puts fingerprints there).
        String ufrag = OfferReader.transportAttribute(videoSection, sdp, "ice-ufrag");
        String pwd = OfferReader.transportAttribute(videoSection, sdp, "ice-pwd");
        if (ufrag == null || pwd == null) {
            throw new NegotiationException(Reason.NO_ICE_CREDENTIALS, "the offer has no a=ice-ufrag/a=ice-pwd");
        }
        if (!IceCredentials.isIceChars(ufrag, 4, 256) || !IceCredentials.isIceChars(pwd, 22, 256)) {
            throw new NegotiationException(
                    Reason.INVALID_ICE_CREDENTIALS,
                    "ICE ufrag must be 4..256 and pwd 22..256 characters of [A-Za-z0-9+/] (RFC 8839 §5.4)");
        }
        List<CertificateFingerprint> fingerprints = OfferReader.fingerprints(videoSection, sdp);
        OfferReader.checkSetupRole(videoSection, sdp);

        CodecChoice.VideoChoice choice = CodecChoice.chooseVideo(videoSection, cameraVideo, allowProfileMismatch);
        long videoSsrc = newSsrc(Set.of());
        long rtxSsrc = choice.rtxPayloadType() >= 0 ? newSsrc(Set.of(videoSsrc)) : 0;
        String cname = randomToken(16);
        String streamId = "zonecam-" + randomToken(12);
        List<String> fb = videoSection.rtcpFeedback(choice.payloadType());
        NegotiatedVideo video = new NegotiatedVideo(
                videoMid,
                choice.payloadType(),
                choice.rtxPayloadType(),
                choice.fmtp(),
                choice.profileLevelId(),
                choice.cameraProfile(),
                choice.mismatch(),
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
            if (sections.get(i).type().equals("audio") && OfferReader.isEnabled(sections.get(i))) {
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
            CodecChoice.AudioChoice ac = CodecChoice.chooseAudio(a, cameraAudio.get());
            if (ac.note() != null) {
                audioNote = ac.note();
            } else if (mid == null || !videoBundle.contains(mid)) {
                audioNote = "audio is not bundled with video and the node has one transport per viewer";
            } else if (!a.has("rtcp-mux")) {
                audioNote = "the audio section lacks a=rtcp-mux";
            } else if (!OfferReader.receivable(a)) {
                audioNote = "the audio section does not receive";
            } else {
                audio = new NegotiatedAudio(
                        mid,
                        ac.codec(),
                        ac.payloadType(),
                        ac.clockRate(),
                        ac.channels(),
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
        String text = AnswerWriter.buildAnswer(
                sdp,
                sections,
                mids,
                videoIndex,
                audio == null ? -1 : audioIndex,
                session,
                choice,
                answerBundle,
                local,
                random.nextLong() & Long.MAX_VALUE);
        return new WhepAnswer(text, session);
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
}
