package io.zonecam.webrtc.negotiation;

import io.zonecam.webrtc.dtls.CertificateFingerprint;
import io.zonecam.webrtc.ice.IceCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * LocalEndpoint is what the node puts into every answer for one viewer: its ICE-lite credentials, its DTLS
 * certificate fingerprint and its host candidates.
 *
 * @param iceUfrag    local ICE username fragment (RFC 8839 §5.4: 4..256 ice-chars)
 * @param icePwd      local ICE password (22..256 ice-chars)
 * @param fingerprint the node's certificate fingerprint ({@code DtlsCertificate#fingerprint()})
 * @param candidates  host candidates as {@code a=candidate} values, e.g.
 *                    {@code 1 1 udp 2130706431 203.0.113.7 8443 typ host}; a leading {@code a=} or
 *                    {@code candidate:} is accepted and removed
 */
public record LocalEndpoint(
        String iceUfrag, String icePwd, CertificateFingerprint fingerprint, List<String> candidates) {

    private static final int MAX_CANDIDATE_LENGTH = 512;

    public LocalEndpoint {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!IceCredentials.isIceChars(iceUfrag, 4, 256) || !IceCredentials.isIceChars(icePwd, 22, 256)) {
            throw new IllegalArgumentException("local ICE credentials violate RFC 8839 §5.4");
        }
        List<String> normalized = new ArrayList<>(candidates.size());
        for (String c : candidates) {
            normalized.add(normalizeCandidate(c));
        }
        candidates = List.copyOf(normalized);
    }

    /** An endpoint with the ICE-lite agent's credentials for this viewer ({@code IceCredentials.generate()}). */
    public static LocalEndpoint of(
            IceCredentials credentials, CertificateFingerprint fingerprint, List<String> candidates) {
        return new LocalEndpoint(credentials.ufrag(), credentials.password(), fingerprint, candidates);
    }

    private static String normalizeCandidate(String c) {
        Objects.requireNonNull(c, "candidate");
        String v = c.strip();
        if (v.startsWith("a=")) {
            v = v.substring(2);
        }
        if (v.startsWith("candidate:")) {
            v = v.substring("candidate:".length());
        }
        if (v.isEmpty()
                || v.length() > MAX_CANDIDATE_LENGTH
                || v.indexOf('\r') >= 0
                || v.indexOf('\n') >= 0
                || !v.contains(" typ ")) {
            throw new IllegalArgumentException("not an ICE candidate line: " + c);
        }
        return v;
    }
}
