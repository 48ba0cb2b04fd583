package io.zonecam.webrtc.negotiation;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.sdp.Attribute;
import io.zonecam.media.sdp.MediaDescription;
import io.zonecam.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * AnswerWriter writes the SDP answer: the offer's sections mirrored in order, the accepted video and audio sections
 * with the node's ICE-lite credentials, fingerprint, {@code setup:passive}, SSRCs and candidates, and every other
 * section rejected with port 0 without echoing anything unvalidated.
 */
final class AnswerWriter {

    private AnswerWriter() {}

    static String buildAnswer(
            SessionDescription offer,
            List<MediaDescription> sections,
            List<String> mids,
            int videoIndex,
            int audioIndex,
            NegotiatedSession s,
            CodecChoice.VideoChoice choice,
            List<String> bundle,
            LocalEndpoint local,
            long sessionId) {
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
        return new SessionDescription("- " + sessionId + " 2 IN IP4 127.0.0.1", "-", null, sessionAttrs, answer)
                .format();
    }

    private static MediaDescription videoSection(
            MediaDescription offered,
            NegotiatedSession s,
            CodecChoice.VideoChoice c,
            LocalEndpoint local,
            boolean candidates) {
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
        if (c.fmtp() != null) {
            a.add(new Attribute("fmtp", pt + " " + c.fmtp()));
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

    private static MediaDescription audioSection(
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
        String fmtp = OfferReader.rawFmtp(offered, au.payloadType());
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
        if (!SdpTokens.isToken(m.type()) || !SdpTokens.isProtocol(protocol) || !SdpTokens.isToken(format)) {
            // Never echo what the offer smuggled in: a rejected section of unknown shape becomes a minimal one.
            return new MediaDescription(
                    SdpTokens.isToken(m.type()) ? m.type() : "application",
                    0,
                    "UDP/TLS/RTP/SAVPF",
                    List.of("0"),
                    a,
                    "IN IP4 0.0.0.0");
        }
        return new MediaDescription(m.type(), 0, protocol, List.of(format), a, "IN IP4 0.0.0.0");
    }
}
