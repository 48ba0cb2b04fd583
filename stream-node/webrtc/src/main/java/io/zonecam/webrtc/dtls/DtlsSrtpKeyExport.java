package io.zonecam.webrtc.dtls;

import java.util.Arrays;
import java.util.Objects;

/**
 * DtlsSrtpKeyExport is what a completed DTLS-SRTP handshake exports for the SRTP layer: the negotiated protection
 * profile (in DTLS terms, {@link SrtpProtectionProfile}) and the raw client and server master keys and salts exported
 * with the label "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2). The SRTP side of the same bytes, split into usable per-direction
 * master keys, is {@code io.zonecam.webrtc.srtp.SrtpClientServerKeys}.
 *
 * <p>Zonecam is always the DTLS server, so {@link #localMasterKey()}/{@link #localMasterSalt()} protect what the node
 * sends (SRTP, SRTCP) and {@link #remoteMasterKey()}/{@link #remoteMasterSalt()} unprotect what the browser sends
 * (mostly SRTCP: NACK, PLI, receiver reports). Accessors return copies.
 *
 * <p>The SRTP layer builds its contexts with {@code SrtpClientServerKeys.split(SrtpProfile.fromDtlsId(
 * m.profile().id()), m.exporterOutput())}; this package does not depend on it.
 */
public final class DtlsSrtpKeyExport {

    /** The exporter label of RFC 5764 §4.2. */
    public static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    private final SrtpProtectionProfile profile;
    private final byte[] clientKey;
    private final byte[] serverKey;
    private final byte[] clientSalt;
    private final byte[] serverSalt;

    private DtlsSrtpKeyExport(
            SrtpProtectionProfile profile, byte[] clientKey, byte[] serverKey, byte[] clientSalt, byte[] serverSalt) {
        this.profile = profile;
        this.clientKey = clientKey;
        this.serverKey = serverKey;
        this.clientSalt = clientSalt;
        this.serverSalt = serverSalt;
    }

    /** Bytes to export for a profile: two keys and two salts (RFC 5764 §4.2). */
    public static int exportLength(SrtpProtectionProfile profile) {
        return 2 * (profile.masterKeyLength() + profile.masterSaltLength());
    }

    /**
     * Splits exporter output laid out as client_write_SRTP_master_key | server_write_SRTP_master_key |
     * client_write_SRTP_master_salt | server_write_SRTP_master_salt (RFC 5764 §4.2).
     */
    public static DtlsSrtpKeyExport fromExporterOutput(SrtpProtectionProfile profile, byte[] material) {
        Objects.requireNonNull(profile, "profile");
        int k = profile.masterKeyLength();
        int s = profile.masterSaltLength();
        if (material.length != exportLength(profile)) {
            throw new IllegalArgumentException("expected " + exportLength(profile) + " bytes of keying material for "
                    + profile + ", got " + material.length);
        }
        return new DtlsSrtpKeyExport(
                profile,
                Arrays.copyOfRange(material, 0, k),
                Arrays.copyOfRange(material, k, 2 * k),
                Arrays.copyOfRange(material, 2 * k, 2 * k + s),
                Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
    }

    /** A copy of the raw exporter output in RFC 5764 §4.2 order (client key, server key, client salt, server salt). */
    public byte[] exporterOutput() {
        byte[] out = new byte[exportLength(profile)];
        int p = 0;
        for (byte[] part : new byte[][] {clientKey, serverKey, clientSalt, serverSalt}) {
            System.arraycopy(part, 0, out, p, part.length);
            p += part.length;
        }
        return out;
    }

    /** The negotiated SRTP protection profile. */
    public SrtpProtectionProfile profile() {
        return profile;
    }

    /** client_write_SRTP_master_key: protects what the DTLS client (the browser) sends. */
    public byte[] clientMasterKey() {
        return clientKey.clone();
    }

    /** client_write_SRTP_master_salt. */
    public byte[] clientMasterSalt() {
        return clientSalt.clone();
    }

    /** server_write_SRTP_master_key: protects what the DTLS server (this node) sends. */
    public byte[] serverMasterKey() {
        return serverKey.clone();
    }

    /** server_write_SRTP_master_salt. */
    public byte[] serverMasterSalt() {
        return serverSalt.clone();
    }

    /** The master key for packets this node sends (the server write key). */
    public byte[] localMasterKey() {
        return serverMasterKey();
    }

    /** The master salt for packets this node sends. */
    public byte[] localMasterSalt() {
        return serverMasterSalt();
    }

    /** The master key for packets the browser sends (the client write key). */
    public byte[] remoteMasterKey() {
        return clientMasterKey();
    }

    /** The master salt for packets the browser sends. */
    public byte[] remoteMasterSalt() {
        return clientMasterSalt();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsSrtpKeyExport m
                && m.profile == profile
                && Arrays.equals(m.clientKey, clientKey)
                && Arrays.equals(m.serverKey, serverKey)
                && Arrays.equals(m.clientSalt, clientSalt)
                && Arrays.equals(m.serverSalt, serverSalt);
    }

    @Override
    public int hashCode() {
        return profile.hashCode() * 31 + Arrays.hashCode(clientKey);
    }

    /** Names the profile only: key material never goes to logs. */
    @Override
    public String toString() {
        return "DtlsSrtpKeyExport[" + profile + "]";
    }
}
