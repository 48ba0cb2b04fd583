package io.zonecam.contracts.bus;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * ClientIdentityKeyManager presents a device-bus client's current key and certificate (a node's or a camera's) to
 * every TLS handshake, whatever key types or issuers the broker names, and never serves. The identity is read at each
 * handshake, so after {@link #present} (a renewal) the next connection uses the new certificate without rebuilding
 * the MQTT client.
 *
 * <p>Each identity gets an alias of its own: a handshake asks for the alias first and the key and chain after, so a
 * renewal in between must not pair the new certificate with the old key. The identity before the current one stays
 * reachable by its alias for such a handshake.
 */
public final class ClientIdentityKeyManager extends X509ExtendedKeyManager {

    /** A key and its chain (the client's certificate first), under its alias. */
    public record Identity(String alias, PrivateKey key, X509Certificate[] chain) {
        public X509Certificate certificate() {
            return chain[0];
        }
    }

    private final String aliasPrefix;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Identity> current = new AtomicReference<>();
    private volatile Identity previous;

    /** @param aliasPrefix names the identities in handshakes and logs, e.g. {@code node} or {@code device} */
    public ClientIdentityKeyManager(String aliasPrefix) {
        this.aliasPrefix = aliasPrefix;
    }

    /** Presents {@code key} with {@code chain} (its certificate first) from the next handshake on. */
    public void present(PrivateKey key, X509Certificate[] chain) {
        if (chain.length == 0) {
            throw new IllegalArgumentException("a client identity needs its certificate");
        }
        Identity next = new Identity(aliasPrefix + "-" + generation.incrementAndGet(), key, chain.clone());
        previous = current.getAndSet(next);
    }

    /** The identity presented now, or null before the first {@link #present}. */
    public Identity current() {
        return current.get();
    }

    private Identity byAlias(String alias) {
        Identity now = current.get();
        if (now != null && now.alias().equals(alias)) {
            return now;
        }
        Identity before = previous;
        return before != null && before.alias().equals(alias) ? before : null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        Identity now = current.get();
        return now == null ? null : now.alias();
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyType, issuers, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        Identity now = current.get();
        return now == null ? null : new String[] {now.alias()};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Identity identity = byAlias(alias);
        return identity == null ? null : identity.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Identity identity = byAlias(alias);
        return identity == null ? null : identity.key();
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
