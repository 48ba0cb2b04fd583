package io.zonecam.webrtc.negotiation;

import io.zonecam.media.sdp.Attribute;
import io.zonecam.media.sdp.MediaDescription;
import io.zonecam.media.sdp.SdpException;
import io.zonecam.media.sdp.SessionDescription;
import io.zonecam.webrtc.dtls.CertificateFingerprint;
import io.zonecam.webrtc.negotiation.NegotiationException.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OfferReader parses a WHEP offer within bounds and reads what the answer depends on: mids, BUNDLE groups, the video
 * section, directions, ICE credentials, fingerprints, the DTLS role, payload types and fmtp lines. Every check fails
 * with a typed {@link NegotiationException}; nothing else is thrown for any offer text.
 */
final class OfferReader {

    /** Longest offer accepted; browser offers with every codec and extension are 5–10 KiB. */
    static final int MAX_OFFER_LENGTH = 32 * 1024;

    private OfferReader() {}

    static SessionDescription parse(String offer) throws NegotiationException {
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

    static List<String> mids(List<MediaDescription> sections) throws NegotiationException {
        List<String> mids = new ArrayList<>(sections.size());
        Set<String> seen = new HashSet<>();
        for (MediaDescription m : sections) {
            String mid = m.attribute("mid").map(String::strip).orElse(null);
            if (mid != null && (mid.isEmpty() || !seen.add(mid) || !SdpTokens.isToken(mid))) {
                throw new NegotiationException(
                        Reason.MALFORMED_SDP, "empty, duplicate or invalid mid " + SdpTokens.abbreviate(mid));
            }
            mids.add(mid);
        }
        return mids;
    }

    static List<List<String>> bundleGroups(SessionDescription sdp) {
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
    static boolean isEnabled(MediaDescription m) {
        return m.port() != 0 || m.has("bundle-only");
    }

    static boolean isDtlsSrtp(MediaDescription m) {
        String p = m.protocol().toUpperCase(Locale.ROOT);
        return p.equals("UDP/TLS/RTP/SAVPF") || p.equals("UDP/TLS/RTP/SAVP");
    }

    static int findVideoSection(List<MediaDescription> sections) throws NegotiationException {
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
                    "video section uses "
                            + SdpTokens.abbreviate(sections.get(firstVideo).protocol())
                            + ", WebRTC needs UDP/TLS/RTP/SAVPF");
        }
        throw new NegotiationException(Reason.NO_VIDEO_SECTION, "the offer has no enabled m=video section");
    }

    static String direction(MediaDescription m) {
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

    static boolean receivable(MediaDescription m) {
        String d = direction(m);
        return d.equals("recvonly") || d.equals("sendrecv");
    }

    static void checkReceivable(MediaDescription video) throws NegotiationException {
        if (!receivable(video)) {
            throw new NegotiationException(
                    Reason.VIDEO_NOT_RECEIVABLE,
                    "the video section is " + direction(video) + "; a WHEP viewer must offer recvonly");
        }
        if (!video.has("rtcp-mux")) {
            throw new NegotiationException(Reason.NO_RTCP_MUX, "the video section lacks a=rtcp-mux");
        }
    }

    static String transportAttribute(MediaDescription m, SessionDescription sdp, String name) {
        String v = m.attribute(name).orElseGet(() -> sdp.attribute(name).orElse(null));
        return v == null ? null : v.strip();
    }

    static List<CertificateFingerprint> fingerprints(MediaDescription m, SessionDescription sdp)
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

    static void checkSetupRole(MediaDescription m, SessionDescription sdp) throws NegotiationException {
        String setup = transportAttribute(m, sdp, "setup");
        if (setup == null || setup.equals("actpass") || setup.equals("active")) {
            return; // a missing setup means actpass for an offer (RFC 4145 §4)
        }
        throw new NegotiationException(
                Reason.UNSUPPORTED_SETUP_ROLE,
                "a=setup:" + SdpTokens.abbreviate(setup) + " would make this node the DTLS client; offer actpass");
    }

    /** The payload types of a section's m= line, in offer order (formats that are not numbers are skipped). */
    static List<Integer> orderedPayloadTypes(MediaDescription m) {
        List<Integer> pts = new ArrayList<>();
        for (String f : m.formats()) {
            if (f.length() <= 3 && !f.isEmpty() && f.chars().allMatch(Character::isDigit)) {
                pts.add(Integer.parseInt(f));
            }
        }
        return pts;
    }

    /** The payload types of a section's m= line. */
    static Set<Integer> payloadTypes(MediaDescription m) {
        return new HashSet<>(orderedPayloadTypes(m));
    }

    /**
     * The fmtp text for a payload type exactly as offered (echoed in the answer), or null when absent or when it
     * holds control characters (a lone CR inside a line would otherwise be echoed into the answer).
     */
    static String rawFmtp(MediaDescription m, int payloadType) {
        String prefix = payloadType + " ";
        for (String v : m.attributes("fmtp")) {
            if (v.startsWith(prefix)) {
                String text = v.substring(prefix.length()).strip();
                return text.length() <= 512 && text.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F) ? text : null;
            }
        }
        return null;
    }
}
