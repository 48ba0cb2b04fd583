package io.zonecam.webrtc.negotiation;

import io.zonecam.webrtc.dtls.CertificateFingerprint;
import java.util.List;
import java.util.Optional;

/**
 * NegotiatedSession is everything the transport and SFU layers need from one WHEP offer/answer exchange: the
 * viewer's ICE credentials and certificate fingerprints (for STUN checks and the DTLS session), the chosen payload
 * types, and the SSRCs the node allocated.
 *
 * @param remoteIceUfrag     the viewer's ICE ufrag (the second half of inbound STUN USERNAME)
 * @param remoteIcePwd       the viewer's ICE password
 * @param remoteFingerprints the viewer's certificate fingerprints, for {@code DtlsServerSession.start}
 * @param localIceUfrag      the node's ICE ufrag for this viewer
 * @param localIcePwd        the node's ICE password for this viewer (the STUN MESSAGE-INTEGRITY key)
 * @param bundled            true when the answer has {@code a=group:BUNDLE}
 * @param rtcpReducedSize    the viewer accepts reduced-size RTCP (RFC 5506)
 * @param video              the video section
 * @param audio              the audio section, when one was accepted
 * @param audioNote          why audio is absent, when it is (for logs and the viewer's diagnostics)
 * @param cname              the RTCP CNAME used in SDES and {@code a=ssrc}
 * @param streamId           the msid stream id shared by the tracks
 */
public record NegotiatedSession(
        String remoteIceUfrag,
        String remoteIcePwd,
        List<CertificateFingerprint> remoteFingerprints,
        String localIceUfrag,
        String localIcePwd,
        boolean bundled,
        boolean rtcpReducedSize,
        NegotiatedVideo video,
        Optional<NegotiatedAudio> audio,
        String audioNote,
        String cname,
        String streamId) {

    public NegotiatedSession {
        remoteFingerprints = List.copyOf(remoteFingerprints);
    }

    /** Leaves the ICE passwords out: they are STUN message-integrity keys. */
    @Override
    public String toString() {
        return "NegotiatedSession[remoteIceUfrag=" + remoteIceUfrag + ", localIceUfrag=" + localIceUfrag
                + ", remoteFingerprints=" + remoteFingerprints + ", bundled=" + bundled + ", rtcpReducedSize="
                + rtcpReducedSize + ", video=" + video + ", audio=" + audio + ", audioNote=" + audioNote
                + ", cname=" + cname + ", streamId=" + streamId + "]";
    }

    /** The mids of the accepted sections, video first. */
    public List<String> acceptedMids() {
        return audio.map(a -> List.of(video.mid(), a.mid()))
                .orElseGet(() -> video.mid() == null ? List.of() : List.of(video.mid()));
    }
}
