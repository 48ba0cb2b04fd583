package io.zonecam.webrtc.dtls;

import java.util.Arrays;
import java.util.Objects;

/**
 * DtlsSrtpKeyExport is what a completed DTLS-SRTP handshake exports for the SRTP layer: the negotiated protection
 * profile (in DTLS terms, {@link SrtpProtectionProfile}) and the keying material exported with the label
 * "EXTRACTOR-dtls_srtp", laid out as client key | server key | client salt | server salt (RFC 5764 §4.2).
 *
 * <p>Splitting those bytes into per-direction master keys is the SRTP layer's, written once there: the SFU builds its
 * contexts with {@code SrtpClientServerKeys.split(SrtpProfile.fromDtlsId(m.profile().id()), m.exporterOutput())};
 * this package does not depend on it. Zonecam is always the DTLS server, so the server write key protects what the
 * node sends and the client write key opens what the browser sends.
 */
public final class DtlsSrtpKeyExport {

    /** The exporter label of RFC 5764 §4.2. */
    public static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    private final SrtpProtectionProfile profile;
    private final byte[] material;

    private DtlsSrtpKeyExport(SrtpProtectionProfile profile, byte[] material) {
        this.profile = profile;
        this.material = material;
    }

    /** Bytes to export for a profile: two keys and two salts (RFC 5764 §4.2). */
    public static int exportLength(SrtpProtectionProfile profile) {
        return 2 * (profile.masterKeyLength() + profile.masterSaltLength());
    }

    /** Holds a copy of exporter output, which must be exactly {@link #exportLength} bytes for the profile. */
    public static DtlsSrtpKeyExport fromExporterOutput(SrtpProtectionProfile profile, byte[] material) {
        Objects.requireNonNull(profile, "profile");
        if (material.length != exportLength(profile)) {
            throw new IllegalArgumentException("expected " + exportLength(profile) + " bytes of keying material for "
                    + profile + ", got " + material.length);
        }
        return new DtlsSrtpKeyExport(profile, material.clone());
    }

    /** A copy of the exporter output in RFC 5764 §4.2 order (client key, server key, client salt, server salt). */
    public byte[] exporterOutput() {
        return material.clone();
    }

    /** The negotiated SRTP protection profile. */
    public SrtpProtectionProfile profile() {
        return profile;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsSrtpKeyExport m && m.profile == profile && Arrays.equals(m.material, material);
    }

    @Override
    public int hashCode() {
        return profile.hashCode() * 31 + Arrays.hashCode(material);
    }

    /** Names the profile only: key material never goes to logs. */
    @Override
    public String toString() {
        return "DtlsSrtpKeyExport[" + profile + "]";
    }
}
