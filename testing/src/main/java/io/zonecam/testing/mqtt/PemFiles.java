package io.zonecam.testing.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * TlsContexts builds a test client's {@link SSLContext} from PEM files: its key and certificate, and the CA it
 * verifies the broker against. The client presents its certificate whatever the server asks for, so a test of an
 * expired or foreign certificate really reaches the broker instead of being filtered by the JDK.
 */
public final class TlsContexts {

    private TlsContexts() {}

    /** A TLS 1.2+ context presenting {@code issued} and trusting only {@code trustedCa}. */
    public static SSLContext client(TestCa.Issued issued, Path trustedCa) throws IOException, GeneralSecurityException {
        PrivateKey key = privateKey(issued.key());
        X509Certificate cert = certificate(issued.certificate());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate(trustedCa));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {new Present(key, new X509Certificate[] {cert})}, tmf.getTrustManagers(), null);
        return tls;
    }

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

    /** Always offers the one key and chain. */
    private record Present(PrivateKey key, X509Certificate[] chain) implements X509KeyManager {
        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "me";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"me"};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
