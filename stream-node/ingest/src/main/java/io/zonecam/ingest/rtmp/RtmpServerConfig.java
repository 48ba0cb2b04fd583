package io.zonecam.ingest.rtmp;

import io.zonecam.ingest.server.ListenerSettings;
import java.time.Duration;

/**
 * RtmpServerConfig holds the RTMP server's address and limits; {@link #builder()} starts from safe defaults.
 *
 * @param host              address to bind, e.g. {@code 0.0.0.0}
 * @param port              TCP port (1935 by convention; 0 picks a free one)
 * @param application       the RTMP application name publishers must connect to ({@code live})
 * @param maxConnections    open TCP connections accepted at once
 * @param handshakeTimeout  time from accept until the publish is authorised; slower connections are closed
 * @param idleTimeout       a connection that sends nothing for this long is closed
 * @param maxChunkSize      largest chunk size a peer may set (RTMP 1.0 §5.4.1)
 * @param maxMessageLength  largest message accepted (a video access unit); bigger ones close the connection
 * @param maxChunkStreams   distinct chunk stream ids per connection
 * @param windowAckSize     window acknowledgement size announced to the publisher (§5.4.4)
 * @param outChunkSize      chunk size the server sends with
 */
public record RtmpServerConfig(
        String host,
        int port,
        String application,
        int maxConnections,
        Duration handshakeTimeout,
        Duration idleTimeout,
        int maxChunkSize,
        int maxMessageLength,
        int maxChunkStreams,
        int windowAckSize,
        int outChunkSize) {

    public RtmpServerConfig {
        ListenerSettings.check("RTMP", host, port, application, maxConnections, handshakeTimeout);
        if (maxChunkSize < 128
                || maxMessageLength < 1024
                || maxChunkStreams < 2
                || windowAckSize < 1
                || outChunkSize < 128
                || outChunkSize > maxChunkSize) {
            throw new IllegalArgumentException("invalid RTMP server configuration: " + this);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("RTMP idle timeout must be positive");
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RtmpServerConfig}. */
    public static final class Builder extends ListenerSettings<Builder> {

        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxChunkSize = 1 << 20;
        private int maxMessageLength = 8 << 20; // a 4K IDR at high quality fits
        private int maxChunkStreams = 32;
        private int windowAckSize = 2_500_000;

        private Builder() {
            super(1935);
        }

        private int outChunkSize = 4096;

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder maxChunkSize(int v) {
            maxChunkSize = v;
            return this;
        }

        public Builder maxMessageLength(int v) {
            maxMessageLength = v;
            return this;
        }

        public Builder maxChunkStreams(int v) {
            maxChunkStreams = v;
            return this;
        }

        public Builder windowAckSize(int v) {
            windowAckSize = v;
            return this;
        }

        public Builder outChunkSize(int v) {
            outChunkSize = v;
            return this;
        }

        public RtmpServerConfig build() {
            return new RtmpServerConfig(
                    host,
                    port,
                    application,
                    maxConnections,
                    handshakeTimeout,
                    idleTimeout,
                    maxChunkSize,
                    maxMessageLength,
                    maxChunkStreams,
                    windowAckSize,
                    outChunkSize);
        }
    }
}
