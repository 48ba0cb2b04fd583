package io.zonecam.bench.viewer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SessionDescription reads what a viewer needs from the server's SDP (ICE credentials, DTLS fingerprint and role,
 * candidates, the H.264 and RTX payload types) and writes the viewer's own offer (WHEP) or answer (Janus), one
 * recvonly H.264 video section with NACK, PLI and RTX as Chromium offers it.
 */
final class SessionDescription {

    private SessionDescription() {}

    /** The viewer's side: ICE credentials, certificate fingerprint and the address its socket is bound to. */
    record Local(String ufrag, String pwd, String fingerprint, InetSocketAddress address) {}

    /** The server's side. */
    record Remote(
            String ufrag,
            String pwd,
            String fingerprint,
            boolean iceLite,
            String setup,
            List<InetSocketAddress> candidates,
            int videoPayloadType,
            int rtxPayloadType,
            String mid) {

        static Remote parse(String sdp) {
            List<InetSocketAddress> candidates = new ArrayList<>();
            Matcher c = Pattern.compile("a=candidate:\\S+ 1 (?i:udp) \\d+ (\\S+) (\\d+) typ host")
                    .matcher(sdp);
            while (c.find()) {
                if (!c.group(1).contains(":")) {
                    candidates.add(new InetSocketAddress(c.group(1), Integer.parseInt(c.group(2))));
                }
            }
            int video = payloadType(sdp, "H264/90000");
            int rtx = -1;
            Matcher apt = Pattern.compile("a=fmtp:(\\d+) apt=" + video + "\\b").matcher(sdp);
            if (apt.find()) {
                rtx = Integer.parseInt(apt.group(1));
            }
            return new Remote(
                    attr(sdp, "ice-ufrag"),
                    attr(sdp, "ice-pwd"),
                    attr(sdp, "fingerprint:sha-256").toUpperCase(Locale.ROOT),
                    sdp.contains("a=ice-lite"),
                    attr(sdp, "setup"),
                    candidates,
                    video,
                    rtx,
                    optionalAttr(sdp, "mid", "0"));
        }
    }

    /** A WHEP offer: the viewer is the offerer, with {@code actpass} like a browser. */
    static String offer(Local local) {
        return header(local) + "a=group:BUNDLE 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\n" + transport(local, "actpass", "0")
                + "a=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
                + "a=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n"
                + "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n";
    }

    /** An answer to a server's offer (Janus): the viewer takes the DTLS client role ({@code active}). */
    static String answer(Local local, Remote offer, String offerSdp) {
        String pt = Integer.toString(offer.videoPayloadType());
        String rtx = offer.rtxPayloadType() < 0 ? "" : Integer.toString(offer.rtxPayloadType());
        Matcher fmtp = Pattern.compile("a=fmtp:" + pt + " ([^\r\n]+)").matcher(offerSdp);
        return header(local) + "a=group:BUNDLE " + offer.mid() + "\r\n"
                + "m=video " + local.address().getPort() + " UDP/TLS/RTP/SAVPF " + pt + (rtx.isEmpty() ? "" : " " + rtx)
                + "\r\n"
                + "c=IN IP4 " + local.address().getAddress().getHostAddress() + "\r\n"
                + transport(local, "active", offer.mid())
                + "a=rtpmap:" + pt + " H264/90000\r\n"
                + (fmtp.find() ? "a=fmtp:" + pt + " " + fmtp.group(1) + "\r\n" : "")
                + "a=rtcp-fb:" + pt + " nack\r\na=rtcp-fb:" + pt + " nack pli\r\n"
                + (rtx.isEmpty() ? "" : "a=rtpmap:" + rtx + " rtx/90000\r\na=fmtp:" + rtx + " apt=" + pt + "\r\n")
                + "a=candidate:1 1 udp 2130706431 "
                + local.address().getAddress().getHostAddress() + " "
                + local.address().getPort() + " typ host\r\na=end-of-candidates\r\n";
    }

    private static String header(Local local) {
        return "v=0\r\no=- " + local.address().getPort() + " 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=msid-semantic: WMS\r\n";
    }

    private static String transport(Local local, String setup, String mid) {
        return "a=ice-ufrag:" + local.ufrag() + "\r\na=ice-pwd:" + local.pwd() + "\r\n"
                + "a=ice-options:trickle\r\na=fingerprint:sha-256 " + local.fingerprint() + "\r\n"
                + "a=setup:" + setup + "\r\na=mid:" + mid + "\r\na=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\n";
    }

    private static int payloadType(String sdp, String encoding) {
        Matcher m =
                Pattern.compile("a=rtpmap:(\\d+) " + Pattern.quote(encoding)).matcher(sdp);
        if (!m.find()) {
            throw new IllegalStateException("the server's SDP has no " + encoding);
        }
        return Integer.parseInt(m.group(1));
    }

    private static String attr(String sdp, String name) {
        String v = optionalAttr(sdp, name, null);
        if (v == null) {
            throw new IllegalStateException("the server's SDP has no a=" + name);
        }
        return v;
    }

    private static String optionalAttr(String sdp, String name, String otherwise) {
        Matcher m = Pattern.compile("a=" + Pattern.quote(name) + "[: ](\\S+)").matcher(sdp);
        return m.find() ? m.group(1) : otherwise;
    }
}
