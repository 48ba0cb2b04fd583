package io.zonecam.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CertificateFingerprintTest {

    private static final byte[] DATA = "abc".getBytes(StandardCharsets.US_ASCII);
    /** SHA-256("abc") from FIPS 180-2 Appendix B.1. */
    private static final String SHA256_ABC = "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
            + "B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

    @Test
    void formatsSha256AsUpperCaseColonSeparatedHexPerRfc8122() {
        assertThat(CertificateFingerprint.sha256(DATA).toSdpValue()).isEqualTo(SHA256_ABC);
    }

    @Test
    void parsesWhatItFormatsAndMatchesTheHashedBytes() {
        CertificateFingerprint parsed = CertificateFingerprint.parse(SHA256_ABC);
        assertThat(parsed).isEqualTo(CertificateFingerprint.sha256(DATA));
        assertThat(parsed.matches(DATA)).isTrue();
        assertThat(parsed.matches("abd".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void acceptsLowerCaseHexAndUpperCaseHashNames() {
        CertificateFingerprint parsed =
                CertificateFingerprint.parse(SHA256_ABC.toLowerCase().replace("sha-256", "SHA-256"));
        assertThat(parsed.algorithm()).isEqualTo("sha-256");
        assertThat(parsed.matches(DATA)).isTrue();
    }

    @Test
    void supportsTheOtherRfc8122HashFunctions() {
        for (String alg : new String[] {"sha-1", "sha-224", "sha-384", "sha-512"}) {
            CertificateFingerprint f = CertificateFingerprint.of(alg, DATA);
            assertThat(CertificateFingerprint.parse(f.toSdpValue()).matches(DATA))
                    .as(alg)
                    .isTrue();
        }
    }

    @Test
    void rejectsUnknownHashFunctionsWrongLengthsAndBadSeparators() {
        assertThatThrownBy(() -> CertificateFingerprint.parse("md5 00:11"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateFingerprint.parse("sha-256 BA:78"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateFingerprint.parse(SHA256_ABC.replace(':', '-')))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateFingerprint.parse(SHA256_ABC.replace("BA:", "ZZ:")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateFingerprint.parse("sha-256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateFingerprint.parse("x".repeat(1000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedCertificateIsEcdsaP256SelfSignedAndItsFingerprintHashesItsDer() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate();
        java.security.cert.X509Certificate x509 =
                (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(new java.io.ByteArrayInputStream(cert.derEncoded()));
        x509.verify(x509.getPublicKey()); // self-signed
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((java.security.interfaces.ECPublicKey) x509.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(cert.sdpFingerprint()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(cert.fingerprint().matches(cert.derEncoded())).isTrue();
    }
}
