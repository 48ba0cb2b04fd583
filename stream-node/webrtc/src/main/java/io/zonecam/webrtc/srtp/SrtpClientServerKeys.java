package io.zonecam.webrtc.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * SrtpClientServerKeys is the DTLS client's and the DTLS server's SRTP master keys, split from the DTLS exporter
 * output (label "EXTRACTOR-dtls_srtp"), laid out as client key | server key | client salt | server salt (RFC 5764
 * §4.2). The DTLS side hands those bytes over as {@code io.zonecam.webrtc.dtls.DtlsSrtpKeyExport}; this package does not
 * depend on it.
 *
 * <p>The DTLS client's write key protects what the client sends; the server's what the server sends. Zonecam is
 * normally the DTLS server (a=setup:passive in the WHEP answer), so {@code outbound(false)} protects media to the
 * browser and {@code inbound(false)} opens the browser's SRTCP.
 */
public final class SrtpClientServerKeys {

    private final SrtpMasterKey client;
    private final SrtpMasterKey server;

    private SrtpClientServerKeys(SrtpMasterKey client, SrtpMasterKey server) {
        this.client = client;
        this.server = server;
    }

    /** Splits exporter output of exactly {@link SrtpProfile#keyingMaterialLength()} bytes. */
    public static SrtpClientServerKeys split(SrtpProfile profile, byte[] material) {
        Objects.requireNonNull(profile, "profile");
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("expected " + profile.keyingMaterialLength() + " bytes for " + profile
                    + ", got " + material.length);
        }
        SrtpMasterKey client = new SrtpMasterKey(
                profile, Arrays.copyOfRange(material, 0, k), Arrays.copyOfRange(material, 2 * k, 2 * k + s));
        SrtpMasterKey server = new SrtpMasterKey(
                profile,
                Arrays.copyOfRange(material, k, 2 * k),
                Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
        return new SrtpClientServerKeys(client, server);
    }

    /** client_write_SRTP_master_key and salt. */
    public SrtpMasterKey client() {
        return client;
    }

    /** server_write_SRTP_master_key and salt. */
    public SrtpMasterKey server() {
        return server;
    }

    /** The master key protecting what this side sends. */
    public SrtpMasterKey outbound(boolean localIsDtlsClient) {
        return localIsDtlsClient ? client : server;
    }

    /** The master key protecting what the peer sends. */
    public SrtpMasterKey inbound(boolean localIsDtlsClient) {
        return localIsDtlsClient ? server : client;
    }

    @Override
    public String toString() {
        return "SrtpClientServerKeys[" + client.profile() + "]";
    }
}
