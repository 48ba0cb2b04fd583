package io.zonecam.webrtc.negotiation;

import static io.zonecam.webrtc.negotiation.Offers.AAC;
import static io.zonecam.webrtc.negotiation.Offers.CHROME;
import static io.zonecam.webrtc.negotiation.Offers.CONSTRAINED_BASELINE_31;
import static io.zonecam.webrtc.negotiation.Offers.FIREFOX;
import static io.zonecam.webrtc.negotiation.Offers.HIGH_40;
import static io.zonecam.webrtc.negotiation.Offers.LOCAL;
import static io.zonecam.webrtc.negotiation.Offers.MAIN_31;
import static io.zonecam.webrtc.negotiation.Offers.OPUS;
import static io.zonecam.webrtc.negotiation.Offers.PCMA;
import static io.zonecam.webrtc.negotiation.Offers.PCMU;
import static io.zonecam.webrtc.negotiation.Offers.SAFARI;
import static io.zonecam.webrtc.negotiation.Offers.WERIFT;
import static io.zonecam.webrtc.negotiation.Offers.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.sdp.MediaDescription;
import io.zonecam.media.sdp.SessionDescription;
import io.zonecam.webrtc.negotiation.NegotiationException.Reason;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WhepNegotiatorTest {

    private final WhepNegotiator negotiator = new WhepNegotiator(new Random(7), true);

    private WhepAnswer answer(String offerName, TrackInfo... tracks) throws NegotiationException {
        return negotiator.answer(load(offerName), List.of(tracks), LOCAL);
    }

    private static SessionDescription parsed(WhepAnswer a) {
        return SessionDescription.parse(a.sdp());
    }

    private static void assertRefused(Reason reason, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        NegotiationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** Asserts that answering {@code offer} for a High 4.0 camera is refused with {@code reason}. */
    private void assertOfferRefused(Reason reason, String offer) {
        assertRefused(reason, () -> negotiator.answer(offer, List.of(HIGH_40), LOCAL));
    }

    // ---- real offers ---------------------------------------------------------------------------------------------

    @Test
    void chromeOfferForABaselineCameraGetsConstrainedBaselineMode1WithItsRtxAndFeedback() throws Exception {
        WhepAnswer a = answer(CHROME, CONSTRAINED_BASELINE_31, OPUS);
        NegotiatedVideo v = a.session().video();
        assertThat(v.payloadType()).isEqualTo(109); // 42e01f, packetization-mode=1
        assertThat(v.rtxPayloadType()).isEqualTo(114);
        assertThat(v.profileMismatch()).isFalse();
        assertThat(v.nack()).isTrue();
        assertThat(v.pli()).isTrue();
        assertThat(v.fir()).isTrue();

        MediaDescription video = parsed(a).media().get(0);
        assertThat(video.formats()).containsExactly("109", "114");
        assertThat(video.rtcpFeedback(109)).containsExactly("nack", "nack pli", "ccm fir");
        assertThat(video.fmtp(109))
                .containsEntry("profile-level-id", "42e01f")
                .containsEntry("packetization-mode", "1");
        assertThat(video.fmtp(114)).containsEntry("apt", "109");
        assertThat(video.attribute("setup")).contains("passive");
        assertThat(video.has("sendonly")).isTrue();
        assertThat(video.attribute("mid")).contains("0");
        assertThat(video.attributes("ssrc-group")).containsExactly("FID " + v.ssrc() + " " + v.rtxSsrc());
        assertThat(a.sdp()).doesNotContain("goog-remb").doesNotContain("transport-cc");
    }

    @Test
    void answerIsIceLiteBundledAndCarriesCredentialsFingerprintAndCandidates() throws Exception {
        WhepAnswer a = answer(CHROME, CONSTRAINED_BASELINE_31, OPUS);
        SessionDescription sdp = parsed(a);
        assertThat(sdp.attribute("ice-lite")).isPresent();
        assertThat(sdp.attribute("group")).contains("BUNDLE 0 1");
        for (MediaDescription m : sdp.media()) {
            assertThat(m.attribute("ice-ufrag")).contains("ZcAm");
            assertThat(m.attribute("ice-pwd")).contains("ZonecamIcePassword0123456");
            assertThat(m.attribute("fingerprint")).contains(LOCAL.fingerprint().toSdpValue());
            assertThat(m.has("rtcp-mux")).isTrue();
        }
        MediaDescription tag = sdp.media().get(0);
        assertThat(tag.attributes("candidate"))
                .containsExactly(
                        "1 1 udp 2130706431 203.0.113.7 8443 typ host", "2 1 udp 2130706175 2001:db8::7 8443 typ host");
        assertThat(tag.has("end-of-candidates")).isTrue();
        assertThat(sdp.media().get(1).attributes("candidate"))
                .as("only the BUNDLE tag")
                .isEmpty();
        assertThat(a.sdp()).contains("\r\n").doesNotContain("\n\n");
    }

    @Test
    void negotiatedSessionCarriesTheViewersIceCredentialsFingerprintAndDistinctSsrcs() throws Exception {
        WhepAnswer a = answer(CHROME, CONSTRAINED_BASELINE_31, OPUS);
        NegotiatedSession s = a.session();
        assertThat(s.remoteIceUfrag()).isEqualTo("yJbH");
        assertThat(s.remoteIcePwd()).isEqualTo("o9rNsjGw7Q3aVQhqm1Zc2y8e");
        assertThat(s.remoteFingerprints()).hasSize(1);
        assertThat(s.remoteFingerprints().get(0).toSdpValue()).startsWith("sha-256 8B:1D:3E");
        assertThat(s.localIceUfrag()).isEqualTo("ZcAm");
        assertThat(s.bundled()).isTrue();
        assertThat(s.rtcpReducedSize()).isTrue();
        assertThat(s.acceptedMids()).containsExactly("0", "1");
        long audioSsrc = s.audio().orElseThrow().ssrc();
        assertThat(List.of(s.video().ssrc(), s.video().rtxSsrc(), audioSsrc))
                .doesNotHaveDuplicates()
                .allMatch(x -> x > 0 && x <= 0xFFFF_FFFFL);
        MediaDescription video = parsed(a).media().get(0);
        assertThat(video.attributes("ssrc"))
                .contains(
                        s.video().ssrc() + " cname:" + s.cname(),
                        s.video().ssrc() + " msid:" + s.streamId() + " "
                                + s.video().trackId());
        assertThat(video.attribute("msid"))
                .contains(s.streamId() + " " + s.video().trackId());
    }

    @Test
    void highProfileCameraGetsTheOfferedHighPayloadTypeFromChrome() throws Exception {
        NegotiatedVideo v = answer(CHROME, HIGH_40).session().video();
        assertThat(v.payloadType()).isEqualTo(119); // 64001f
        assertThat(v.rtxPayloadType()).isEqualTo(120);
        assertThat(v.profileMismatch()).isFalse();
        assertThat(v.cameraProfile().profile()).isEqualTo(H264Profile.HIGH);
    }

    @Test
    void mainProfileCameraPrefersTheExactMainOfferOverHigh() throws Exception {
        NegotiatedVideo v = answer(CHROME, MAIN_31).session().video();
        assertThat(v.payloadType()).isEqualTo(117); // 4d001f
        assertThat(v.rtxPayloadType()).isEqualTo(118);
    }

    @Test
    void highCameraAgainstAConstrainedBaselineOnlyOfferFallsBackToTheOfferedPayloadTypeAndSaysSo() throws Exception {
        NegotiatedVideo v = answer(WERIFT, HIGH_40).session().video();
        assertThat(v.payloadType()).isEqualTo(96);
        assertThat(v.profileMismatch()).isTrue();
        assertThat(v.profileLevelId().toHex()).isEqualTo("42e01f");
    }

    @Test
    void strictNegotiatorRefusesAProfileNoOfferedDecoderHandles() {
        WhepNegotiator strict = new WhepNegotiator(new Random(1), false);
        assertRefused(Reason.NO_COMPATIBLE_H264_PROFILE, () -> strict.answer(load(WERIFT), List.of(HIGH_40), LOCAL));
    }

    @Test
    void cameraWithoutAnSpsYetGetsConstrainedBaseline() throws Exception {
        TrackInfo noSps = TrackInfo.video(1, Codec.H264, 90_000, List.of(), 0, 0);
        NegotiatedVideo v = answer(CHROME, noSps).session().video();
        assertThat(v.payloadType()).isEqualTo(109);
        assertThat(v.cameraProfile()).isNull();
        assertThat(v.profileMismatch()).isFalse();
    }

    @Test
    void firefoxOfferKeepsAudioFirstUsesSessionLevelFingerprintAndAnswersPcmu() throws Exception {
        WhepAnswer a = answer(FIREFOX, CONSTRAINED_BASELINE_31, PCMU);
        SessionDescription sdp = parsed(a);
        assertThat(sdp.media()).extracting(MediaDescription::type).containsExactly("audio", "video");
        assertThat(sdp.attribute("group")).contains("BUNDLE 0 1");
        assertThat(sdp.media().get(0).attributes("candidate"))
                .as("audio is the BUNDLE tag")
                .hasSize(2);
        NegotiatedSession s = a.session();
        assertThat(s.remoteFingerprints().get(0).toSdpValue()).startsWith("sha-256 C4:7F:21");
        assertThat(s.remoteIceUfrag()).isEqualTo("4e2a9c1f");
        assertThat(s.video().payloadType()).isEqualTo(126);
        assertThat(s.video().rtxPayloadType()).isEqualTo(127);
        assertThat(s.video().mid()).isEqualTo("1");
        NegotiatedAudio audio = s.audio().orElseThrow();
        assertThat(audio.codec()).isEqualTo(Codec.PCMU);
        assertThat(audio.payloadType()).isZero();
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(sdp.media().get(0).formats()).containsExactly("0");
        assertThat(sdp.media().get(0).attributes("rtpmap")).containsExactly("0 PCMU/8000");
    }

    @Test
    void opusCameraGetsTheOfferedOpusPayloadTypeAndFmtp() throws Exception {
        WhepAnswer a = answer(SAFARI, HIGH_40, OPUS);
        NegotiatedAudio audio = a.session().audio().orElseThrow();
        assertThat(audio.payloadType()).isEqualTo(111);
        assertThat(audio.clockRate()).isEqualTo(48_000);
        assertThat(audio.channels()).isEqualTo(2);
        MediaDescription m = parsed(a).media().get(1);
        assertThat(m.attributes("rtpmap")).containsExactly("111 opus/48000/2");
        assertThat(m.fmtp(111)).containsEntry("useinbandfec", "1");
    }

    @Test
    void pcmaCameraUsesStaticPayloadType8() throws Exception {
        NegotiatedAudio audio =
                answer(CHROME, CONSTRAINED_BASELINE_31, PCMA).session().audio().orElseThrow();
        assertThat(audio.payloadType()).isEqualTo(8);
        assertThat(audio.codec()).isEqualTo(Codec.PCMA);
    }

    @Test
    void safariOfferForAHighCameraTakesItsConstrainedHighFirstChoiceOnlyIfItDecodesHigh() throws Exception {
        // 640c1f is Constrained High (no B-slices, progressive only), which does not decode every High stream:
        // nothing offered matches, so the fallback is Safari's offered Constrained Baseline 98.
        NegotiatedVideo high = answer(SAFARI, HIGH_40).session().video();
        assertThat(high.payloadType()).isEqualTo(98);
        assertThat(high.profileMismatch()).isTrue();
        NegotiatedVideo constrainedHigh =
                answer(SAFARI, Offers.h264(0x64, 0x0C, 31)).session().video();
        assertThat(constrainedHigh.payloadType()).isEqualTo(96);
        assertThat(constrainedHigh.rtxPayloadType()).isEqualTo(97);
        assertThat(constrainedHigh.profileMismatch()).isFalse();
    }

    @Test
    void weriftOfferIsAnsweredVideoOnlyWithRtx() throws Exception {
        WhepAnswer a = answer(WERIFT, CONSTRAINED_BASELINE_31, OPUS);
        assertThat(a.session().video().payloadType()).isEqualTo(96);
        assertThat(a.session().video().rtxPayloadType()).isEqualTo(97);
        assertThat(a.session().video().nack()).isTrue();
        assertThat(a.session().video().fir()).isFalse();
        assertThat(a.session().audio()).isEmpty();
        assertThat(a.session().audioNote()).contains("no audio section");
        assertThat(parsed(a).media()).hasSize(1);
    }

    @Test
    void aacCameraGetsItsAudioSectionRejectedWithPortZeroAndAVideoOnlyBundle() throws Exception {
        WhepAnswer a = answer(CHROME, HIGH_40, AAC);
        SessionDescription sdp = parsed(a);
        MediaDescription audio = sdp.media().get(1);
        assertThat(audio.type()).isEqualTo("audio");
        assertThat(audio.port()).isZero();
        assertThat(audio.attribute("mid")).contains("1");
        assertThat(audio.has("ice-ufrag")).isFalse();
        assertThat(sdp.attribute("group")).contains("BUNDLE 0");
        assertThat(a.session().audio()).isEmpty();
        assertThat(a.session().audioNote()).contains("AAC");
        assertThat(a.session().acceptedMids()).containsExactly("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {CHROME, FIREFOX, SAFARI, WERIFT})
    void answerMirrorsTheOffersSectionsMidsAndOrder(String offerName) throws Exception {
        SessionDescription offer = SessionDescription.parse(load(offerName));
        SessionDescription answer = parsed(answer(offerName, MAIN_31, OPUS));
        assertThat(answer.media()).hasSameSizeAs(offer.media());
        for (int i = 0; i < offer.media().size(); i++) {
            assertThat(answer.media().get(i).type())
                    .isEqualTo(offer.media().get(i).type());
            assertThat(answer.media().get(i).attribute("mid"))
                    .isEqualTo(offer.media().get(i).attribute("mid"));
        }
    }

    // ---- graceful degradation ------------------------------------------------------------------------------------

    @Test
    void offerWithoutBundleGetsItsVideoAnsweredAndAudioRejected() throws Exception {
        String offer = load(CHROME).replace("a=group:BUNDLE 0 1\r\n", "");
        WhepAnswer a = negotiator.answer(offer, List.of(CONSTRAINED_BASELINE_31, OPUS), LOCAL);
        SessionDescription sdp = parsed(a);
        assertThat(sdp.attribute("group")).isEmpty();
        assertThat(sdp.media().get(0).port()).isEqualTo(9);
        assertThat(sdp.media().get(0).has("end-of-candidates")).isTrue();
        assertThat(sdp.media().get(1).port()).isZero();
        assertThat(a.session().bundled()).isFalse();
        assertThat(a.session().audioNote()).contains("not bundled");
    }

    @Test
    void bundleOnlySectionsWithPortZeroAreTreatedAsEnabled() throws Exception {
        String offer =
                load(CHROME).replace("m=audio 9 ", "m=audio 0 ").replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n");
        WhepAnswer a = negotiator.answer(offer, List.of(CONSTRAINED_BASELINE_31, OPUS), LOCAL);
        assertThat(a.session().audio()).isPresent();
        assertThat(parsed(a).media().get(1).port()).isEqualTo(9);
    }

    @Test
    void dataChannelAndSecondVideoSectionsAreRejectedButKeptInPlace() throws Exception {
        String offer = load(WERIFT).replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 1 2")
                + String.join(
                        "\r\n",
                        "m=video 9 UDP/TLS/RTP/SAVPF 96",
                        "c=IN IP4 0.0.0.0",
                        "a=mid:1",
                        "a=recvonly",
                        "a=rtcp-mux",
                        "a=rtpmap:96 H264/90000",
                        "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1",
                        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                        "c=IN IP4 0.0.0.0",
                        "a=mid:2",
                        "a=sctp-port:5000",
                        "");
        SessionDescription sdp = parsed(negotiator.answer(offer, List.of(CONSTRAINED_BASELINE_31), LOCAL));
        assertThat(sdp.media()).extracting(MediaDescription::port).containsExactly(9, 0, 0);
        assertThat(sdp.media().get(2).protocol()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(sdp.media().get(2).formats()).containsExactly("webrtc-datachannel");
        assertThat(sdp.attribute("group")).contains("BUNDLE 0");
    }

    // ---- refusals ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedOffers")
    void offerBreakingARuleIsRefusedWithItsReason(String offer, Reason reason) {
        assertOfferRefused(reason, offer);
    }

    /** Browser offers each edited to break one rule, with the reason the refusal must name. */
    static Stream<Arguments> refusedOffers() {
        String chrome = load(CHROME);
        String audioOnly = chrome.substring(0, chrome.indexOf("m=video")) + chrome.substring(chrome.indexOf("m=audio"));
        String huge = chrome + "a=x-padding:" + "x".repeat(WhepNegotiator.MAX_OFFER_LENGTH) + "\r\n";
        String noFingerprint = load(FIREFOX).replaceAll("a=fingerprint:[^\r]*\r\n", "");
        String md5 = load(WERIFT).replaceAll("a=fingerprint:sha-256 [^\r]*", "a=fingerprint:md5 00:11:22");
        return Stream.of(
                refused(Reason.NO_VIDEO_SECTION, "audio only", audioOnly),
                werift(Reason.NO_H264_PACKETIZATION_MODE_1, "packetization-mode=1", "packetization-mode=0"),
                werift(Reason.NO_H264_PACKETIZATION_MODE_1, "96 H264/90000", "96 VP8/90000"),
                werift(Reason.NO_RTCP_MUX, "a=rtcp-mux\r\n", ""),
                werift(Reason.NO_ICE_CREDENTIALS, "a=ice-ufrag:c3f1\r\n", ""),
                werift(Reason.INVALID_ICE_CREDENTIALS, "a=ice-pwd:9b2e7a64d1c80f35e6b4a927", "a=ice-pwd:short"),
                refused(Reason.NO_FINGERPRINT, "no fingerprint", noFingerprint),
                refused(Reason.NO_FINGERPRINT, "only an MD5 fingerprint", md5),
                werift(Reason.UNSUPPORTED_SETUP_ROLE, "a=setup:actpass", "a=setup:passive"),
                werift(Reason.VIDEO_NOT_RECEIVABLE, "a=recvonly", "a=sendonly"),
                werift(Reason.UNSUPPORTED_TRANSPORT, "UDP/TLS/RTP/SAVPF", "RTP/AVP"),
                werift(Reason.REMOTE_ICE_LITE, "a=msid-semantic:WMS *", "a=ice-lite"),
                refused(Reason.OFFER_TOO_LARGE, "oversized", huge),
                refused(Reason.MALFORMED_SDP, "not SDP", "hello"),
                refused(Reason.MALFORMED_SDP, "empty", ""),
                refused(Reason.MALFORMED_SDP, "null", null),
                refused(Reason.MALFORMED_SDP, "duplicate mid", chrome.replace("a=mid:1", "a=mid:0")),
                werift(Reason.MALFORMED_SDP, "a=rtpmap:97 rtx/90000", "a=rtpmap:97 rtx"),
                // Control characters in an offered fmtp must never be echoed into the answer.
                werift(
                        Reason.NO_H264_PACKETIZATION_MODE_1,
                        "level-asymmetry-allowed=1",
                        "level-asymmetry-allowed=1\ra=evil:1"));
    }

    private static Arguments refused(Reason reason, String description, String offer) {
        return Arguments.of(Named.of(description, offer), reason);
    }

    /** The werift offer with {@code target} replaced, named after the edit. */
    private static Arguments werift(Reason reason, String target, String replacement) {
        String edit = (target + " -> " + replacement).replace("\r", "\\r").replace("\n", "\\n");
        return refused(reason, "werift with " + edit, load(WERIFT).replace(target, replacement));
    }

    @Test
    void h265OnlyCameraIsRefusedAsACameraProblem() {
        TrackInfo h265 = TrackInfo.video(1, Codec.H265, 90_000, List.of(), 1920, 1080);
        assertRefused(Reason.CAMERA_HAS_NO_H264, () -> negotiator.answer(load(CHROME), List.of(h265), LOCAL));
    }

    @Test
    void sessionToStringNeverShowsIcePasswords() throws Exception {
        NegotiatedSession s = answer(CHROME, HIGH_40).session();
        assertThat(s.toString())
                .doesNotContain(s.remoteIcePwd())
                .doesNotContain(s.localIcePwd())
                .contains(s.remoteIceUfrag());
    }

    @Test
    void candidatesAndCredentialsFromTheIceLiteAgentGoIntoTheAnswer() throws Exception {
        io.zonecam.webrtc.ice.IceCredentials credentials = io.zonecam.webrtc.ice.IceCredentials.generate(new Random(3));
        List<String> candidates = io.zonecam.webrtc.ice.IceCandidate.hostCandidates(
                        List.of(new java.net.InetSocketAddress("203.0.113.7", 8443)),
                        List.of(new java.net.InetSocketAddress("203.0.113.7", 443)))
                .stream()
                .map(io.zonecam.webrtc.ice.IceCandidate::toSdpValue)
                .toList();
        LocalEndpoint local = LocalEndpoint.of(credentials, LOCAL.fingerprint(), candidates);
        WhepAnswer a = negotiator.answer(load(WERIFT), List.of(HIGH_40), local);
        MediaDescription video = parsed(a).media().get(0);
        assertThat(video.attribute("ice-ufrag")).contains(credentials.ufrag());
        assertThat(video.attributes("candidate"))
                .hasSize(2)
                .allMatch(c -> c.contains("203.0.113.7"))
                .anyMatch(c -> c.endsWith("tcptype passive"));
        assertThat(a.session().localIcePwd()).isEqualTo(credentials.password());
    }

    @Test
    void localCandidatesWithLineBreaksAreRejected() {
        assertThatThrownBy(() -> new LocalEndpoint(
                        "ZcAm",
                        "ZonecamIcePassword0123456",
                        LOCAL.fingerprint(),
                        List.of("1 1 udp 1 192.0.2.1 9 typ host\r\na=evil")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
