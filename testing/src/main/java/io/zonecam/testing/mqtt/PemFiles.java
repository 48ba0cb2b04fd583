package io.zonecam.testing.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * PemFiles reads what a {@link TestCa} writes: certificates and PKCS#8 EC keys in PEM files. The TLS context a test
 * client builds from them comes from the contracts module's {@code ClientTls}, as every device-bus client's does.
 */
public final class PemFiles {

    private PemFiles() {}

    /** The first certificate of a PEM file. */
    public static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (var in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** An EC private key from a PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}, what {@code openssl genpkey} writes). */
    public static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        String body = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
