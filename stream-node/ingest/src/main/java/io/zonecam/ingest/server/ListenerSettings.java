package io.zonecam.ingest.server;

import java.time.Duration;
import java.util.Objects;

/**
 * ListenerSettings is the part of a protocol config builder that every ingest server shares: the address to bind,
 * the application name publishers use, the connection cap and the handshake deadline, each with its default. The
 * RTSP and RTMP config builders extend it with their own limits.
 *
 * @param <B> the extending builder, returned by every setter so calls chain
 */
public abstract class ListenerSettings<B extends ListenerSettings<B>> {

    protected String host = "0.0.0.0";
    protected int port;
    protected String application = "live";
    protected int maxConnections = 20_000;
    protected Duration handshakeTimeout = Duration.ofSeconds(10);

    protected ListenerSettings(int defaultPort) {
        this.port = defaultPort;
    }

    public B host(String v) {
        host = v;
        return self();
    }

    public B port(int v) {
        port = v;
        return self();
    }

    public B application(String v) {
        application = v;
        return self();
    }

    public B maxConnections(int v) {
        maxConnections = v;
        return self();
    }

    public B handshakeTimeout(Duration v) {
        handshakeTimeout = v;
        return self();
    }

    /**
     * Checks the settings every listener shares, as the protocol config records call it from their constructors;
     * {@code protocol} names the server in the refusal.
     */
    public static void check(
            String protocol, String host, int port, String application, int maxConnections, Duration handshakeTimeout) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(application, "application");
        if (port < 0 || port > 65535 || maxConnections < 1) {
            throw new IllegalArgumentException(
                    "invalid " + protocol + " listener: port " + port + ", max connections " + maxConnections);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException(protocol + " handshake timeout must be positive");
        }
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
