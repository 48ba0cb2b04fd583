package io.zonecam.sim.bus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * BrokerTrust reads the CA certificates (PEM) that sign the device-bus broker's certificate: the platform CA for the
 * local Mosquitto, Amazon's root CA for AWS IoT Core. One set of trust managers serves every camera of the process.
 */
public final class BrokerTrust {

    private BrokerTrust() {}

    /** Trust managers that accept a broker certificate chaining to one of the certificates in {@code caPem}. */
    public static TrustManager[] fromPem(Path caPem) throws IOException {
        try (InputStream in = Files.newInputStream(caPem)) {
            Collection<? extends Certificate> cas =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (cas.isEmpty()) {
                throw new IOException("no PEM certificate in " + caPem);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the broker CA " + caPem + ": " + e.getMessage(), e);
        }
    }
}
