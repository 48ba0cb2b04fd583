package io.zonecam.control.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CertificateAuthorityTest: the CA read from configuration as scripts/lib.sh and Secrets Manager provide it. */
class CertificateAuthorityTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadACaMadeByOpensslAsRunLocalMakesIt() throws Exception {
        // The same commands as ensure_local_secrets in scripts/lib.sh.
        Path key = dir.resolve("ca.key");
        Path cert = dir.resolve("ca.der");
        assertThat(Csrs.openssl(
                                "genpkey",
                                "-algorithm",
                                "EC",
                                "-pkeyopt",
                                "ec_paramgen_curve:P-256",
                                "-out",
                                key.toString())
                        .exit())
                .isZero();
        Path pkcs8 = dir.resolve("ca.pk8");
        assertThat(Csrs.openssl(
                                "pkcs8",
                                "-topk8",
                                "-nocrypt",
                                "-outform",
                                "DER",
                                "-in",
                                key.toString(),
                                "-out",
                                pkcs8.toString())
                        .exit())
                .isZero();
        assertThat(Csrs.openssl(
                                "req",
                                "-x509",
                                "-new",
                                "-key",
                                key.toString(),
                                "-subj",
                                "/O=Zonecam/CN=Local CA",
                                "-days",
                                "3650",
                                "-addext",
                                "basicConstraints=critical,CA:TRUE",
                                "-addext",
                                "keyUsage=critical,keyCertSign,cRLSign",
                                "-outform",
                                "DER",
                                "-out",
                                cert.toString())
                        .exit())
                .isZero();
        CertificateAuthority ca = CertificateAuthority.of(
                Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(pkcs8)),
                Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(cert)));

        KeyPair device = CertificateAuthority.newKeyPair();
        Instant now = Instant.now();
        var issued = ca.issue(new X500Name("CN=cam"), device.getPublic(), now, now.plus(Duration.ofDays(1)));
        Path caPem = Csrs.write(dir, "ca.pem", CertificateAuthority.pem(ca.certificate()));
        Path leaf = Csrs.write(dir, "leaf.pem", CertificateAuthority.pem(issued));
        assertThat(Csrs.openssl("verify", "-CAfile", caPem.toString(), leaf.toString())
                        .output())
                .contains(": OK");
    }

    @Test
    void shouldRefuseAKeyThatIsNotTheCertificatesWithoutPrintingIt() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("one", Duration.ofDays(1));
        String otherKey = Base64.getEncoder()
                .encodeToString(CertificateAuthority.newKeyPair().getPrivate().getEncoded());
        assertThatThrownBy(() -> CertificateAuthority.of(otherKey, CertificateAuthority.pem(ca.certificate())))
                .hasMessageNotContaining(otherKey.substring(40, 60))
                .hasMessageContaining("does not belong to the CA certificate");
        assertThatThrownBy(() -> CertificateAuthority.of("not base64!", CertificateAuthority.pem(ca.certificate())))
                .hasMessageContaining("not usable");
    }
}
