package io.zonecam.contracts.bus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * ClientTls builds the TLS of a device-bus client (a node, a camera, a test's client): trust in the CAs that sign
 * the broker's certificate, read from PEM, and an {@link SSLContext} presenting the client's identity through a
 * {@link ClientIdentityKeyManager}, which offers it whatever the broker asks for (so a broker's refusal of an expired
 * or foreign certificate is really the broker's, never the JDK leaving the certificate out).
 */
public final class ClientTls {

    private ClientTls() {}

    /** A TLS context (TLS 1.2 or 1.3, as the peers agree) presenting {@code keys}' identity and trusting {@code trust}. */
    public static SSLContext context(X509KeyManager keys, TrustManager[] trust) throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {keys}, trust, null);
        return tls;
    }

    /**
     * A context that always presents {@code key} with {@code chain} (its certificate first) and trusts the
     * certificates in {@code trusted}: for a client whose identity does not change while it runs.
     */
    public static SSLContext context(PrivateKey key, X509Certificate[] chain, X509Certificate... trusted)
            throws GeneralSecurityException {
        ClientIdentityKeyManager keys = new ClientIdentityKeyManager("client");
        keys.present(key, chain);
        return context(keys, trust(trusted));
    }

    /** Trust managers that accept a server certificate chaining to one of the certificates in {@code caPem}. */
    public static TrustManager[] trust(Path caPem) throws IOException {
        try {
            X509Certificate[] cas = certificates(Files.readString(caPem, StandardCharsets.US_ASCII));
            if (cas.length == 0) {
                throw new IOException("no PEM certificate in " + caPem);
            }
            return trust(cas);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the broker CA " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** Trust managers that accept a server certificate chaining to one of {@code cas}. */
    public static TrustManager[] trust(X509Certificate... cas) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.length; i++) {
                store.setCertificateEntry("ca-" + i, cas[i]);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot make an in-memory key store", e); // load(null) reads nothing
        }
    }

    /** The certificates of a PEM text, in their order (none when it holds none). */
    public static X509Certificate[] certificates(String pem) throws CertificateException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .stream()
                .map(X509Certificate.class::cast)
                .toArray(X509Certificate[]::new);
    }
}
