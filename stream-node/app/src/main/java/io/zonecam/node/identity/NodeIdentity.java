package io.zonecam.node.identity;

import io.zonecam.contracts.bus.ClientIdentityKeyManager;
import io.zonecam.contracts.bus.ClientTls;
import io.zonecam.node.config.NodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jboss.logging.Logger;

/**
 * NodeIdentity is the node's device-bus identity: its private key and the certificate the platform CA issued for it,
 * kept in {@code zonecam.mqtt.tls.key-file} (mode 0600) and {@code cert-file} (the certificate, then the CA's), and
 * held in memory for the TLS handshakes. {@link #keyManager()} reads the current pair at every handshake, so after
 * {@link #install} (a renewal) the next MQTT connection presents the new certificate without rebuilding the client.
 *
 * <p>At start it loads the files if they hold an unexpired certificate: a standalone node runs on a pair provisioned
 * there, and a node with a control plane connects at once with the certificate of its previous run while it asks
 * for a new one.
 */
@ApplicationScoped
public class NodeIdentity {

    private static final Logger LOG = Logger.getLogger(NodeIdentity.class);
    private final Path keyFile;
    private final Path certFile;
    private final Clock clock;
    private final ClientIdentityKeyManager keyManager = new ClientIdentityKeyManager("node");

    @Inject
    public NodeIdentity(NodeConfig config) {
        this(config.mqtt().keyFile(), config.mqtt().certFile());
    }

    /** The identity kept in these files, loaded from them now if they hold an unexpired certificate. */
    public NodeIdentity(Path keyFile, Path certFile) {
        this.keyFile = keyFile;
        this.certFile = certFile;
        this.clock = Clock.systemUTC();
        load();
    }

    /** The certificate presented now, if any. */
    public Optional<X509Certificate> certificate() {
        return Optional.ofNullable(keyManager.current()).map(ClientIdentityKeyManager.Identity::certificate);
    }

    /** The key manager the MQTT clients use: it offers whatever identity is current at each handshake. */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /**
     * Keeps {@code key} with the certificate and CA certificate (PEM) the control plane issued: written to the files
     * first (key 0600, each file replaced atomically), then presented by every new connection.
     */
    public void install(KeyPair key, String certificatePem, String caCertificatePem)
            throws IOException, GeneralSecurityException {
        X509Certificate[] chain = ClientTls.certificates(certificatePem + "\n" + caCertificatePem);
        if (chain.length == 0) {
            throw new GeneralSecurityException("no certificate in the control plane's answer");
        }
        if (!Arrays.equals(chain[0].getPublicKey().getEncoded(), key.getPublic().getEncoded())) {
            throw new GeneralSecurityException("the issued certificate does not certify this node's key");
        }
        writeAtomically(keyFile, pem(key.getPrivate()), true);
        writeAtomically(certFile, certificatePem.strip() + "\n" + caCertificatePem.strip() + "\n", false);
        hold(key.getPrivate(), chain);
        LOG.infof(
                "device-bus certificate %s (serial %s) valid until %s",
                chain[0].getSubjectX500Principal().getName(),
                chain[0].getSerialNumber().toString(16),
                chain[0].getNotAfter().toInstant());
    }

    private void load() {
        if (!Files.isRegularFile(keyFile) || !Files.isRegularFile(certFile)) {
            LOG.infof("no device-bus identity in %s yet", keyFile.getParent());
            return;
        }
        try {
            X509Certificate[] chain = ClientTls.certificates(Files.readString(certFile));
            PrivateKey key = readKey(Files.readString(keyFile));
            if (chain.length == 0 || !chain[0].getNotAfter().toInstant().isAfter(clock.instant())) {
                LOG.warnf("the device-bus certificate in %s has expired; waiting for a new one", certFile);
                return;
            }
            hold(key, chain);
            LOG.infof(
                    "device-bus identity %s from %s, valid until %s",
                    chain[0].getSubjectX500Principal().getName(),
                    certFile,
                    chain[0].getNotAfter().toInstant());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warnf("cannot read the device-bus identity in %s: %s", keyFile.getParent(), e.getMessage());
        }
    }

    private void hold(PrivateKey key, X509Certificate[] chain) {
        keyManager.present(key, chain);
    }

    /** Whether the current certificate should be renewed at {@code now}: past two thirds of its lifetime. */
    public boolean renewalDue(Instant now) {
        ClientIdentityKeyManager.Identity held = keyManager.current();
        if (held == null) {
            return true;
        }
        Instant from = held.certificate().getNotBefore().toInstant();
        Instant to = held.certificate().getNotAfter().toInstant();
        Instant renewAt =
                from.plus(java.time.Duration.between(from, to).multipliedBy(2).dividedBy(3));
        return !now.isBefore(renewAt);
    }

    static PrivateKey readKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
            }
            throw new IOException("no private key in the key file");
        }
    }

    private static String pem(PrivateKey key) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
        }
        return out.toString();
    }

    private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            // Only the node's user may list it (the bootstrap makes it so on AWS too).
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(
                dir,
                ".node-identity",
                ".tmp",
                PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
