package io.zonecam.node.bus;

import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * LiveKeyCertOptions gives Vert.x a key manager to consult at every TLS handshake, never a copy of its keys.
 *
 * <p>Vert.x's own {@code KeyCertOptions.wrap(keyManager)} has a per-server-name mapper: with SNI (which the node
 * sends) Vert.x copies the key and chain into a key store once and caches the TLS context per name, so a renewed
 * certificate would never be presented (and with no certificate yet the copy fails). Without the mappers Vert.x
 * uses one context whose key manager is this one, asked afresh by each handshake.
 */
public final class LiveKeyCertOptions implements KeyCertOptions {

    private final X509KeyManager keyManager;

    public LiveKeyCertOptions(X509KeyManager keyManager) {
        this.keyManager = keyManager;
    }

    @Override
    public KeyCertOptions copy() {
        return this; // immutable: the key manager is the state, shared on purpose
    }

    @Override
    public KeyManagerFactory getKeyManagerFactory(Vertx vertx) throws Exception {
        return KeyCertOptions.wrap(keyManager).getKeyManagerFactory(vertx);
    }

    @Override
    public Function<String, X509KeyManager> keyManagerMapper(Vertx vertx) {
        return null;
    }

    @Override
    public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) {
        return null;
    }
}
