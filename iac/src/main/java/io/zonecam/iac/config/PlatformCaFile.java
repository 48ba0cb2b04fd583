package io.zonecam.iac.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * PlatformCaFile reads the platform CA certificate the operator exports from the control plane's CA (its public
 * half only), and refuses at synthesis what IoT Core would refuse at deploy: not PEM, not one certificate, not a CA.
 */
public final class PlatformCaFile {
    private PlatformCaFile() {}

    /** The PEM text of {@code file}, checked; problems name {@code zonesFile} like every other config problem. */
    public static String read(Path file, Path zonesFile) {
        String source = zonesFile.toString();
        String what = "deviceBus.caCertificateFile " + file;
        if (!Files.isRegularFile(file)) {
            throw new ZonesConfigException(
                    source,
                    List.of(what + " not found; export the platform CA certificate (README, 'Deploy') or pass -c "
                            + AppSettings.PLATFORM_CA_CERTIFICATE_FILE + "=PATH"));
        }
        String pem;
        try {
            pem = Files.readString(file).trim();
        } catch (IOException e) {
            throw new ZonesConfigException(source, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!pem.startsWith("-----BEGIN CERTIFICATE-----")
                || !pem.endsWith("-----END CERTIFICATE-----")
                || pem.indexOf("-----BEGIN", 1) >= 0) {
            throw new ZonesConfigException(source, List.of(what + " must hold exactly one PEM certificate"));
        }
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new ZonesConfigException(source, what + " is not a readable X.509 certificate", e);
        }
        boolean[] usage = cert.getKeyUsage();
        if (cert.getBasicConstraints() < 0 || (usage != null && !usage[5])) {
            throw new ZonesConfigException(
                    source, List.of(what + " is not a CA certificate (basicConstraints CA:TRUE and keyCertSign)"));
        }
        return pem + "\n";
    }
}
