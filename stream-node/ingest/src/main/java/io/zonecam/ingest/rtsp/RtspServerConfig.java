package io.zonecam.ingest.rtsp;

import io.zonecam.ingest.server.ListenerSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * RtspServerConfig holds the RTSP server's addresses and limits; {@link #builder()} starts from safe defaults.
 *
 * @param host             address to bind the TCP listener and the UDP media sockets
 * @param port             TCP port (8554 here, 554 by convention; 0 picks a free one)
 * @param application      first path segment publishers must use ({@code live})
 * @param maxConnections   open TCP connections accepted at once
 * @param limits           request decoder limits
 * @param handshakeTimeout time from accept until RECORD; slower connections are closed
 * @param sessionTimeout   a recording session with no requests and no media for this long is closed; announced in
 *                         the Session header's {@code timeout} (RFC 2326 §12.37)
 * @param udpPortMin       first port of the UDP server_port range (RTP even, RTCP odd)
 * @param udpPortMax       last port of the UDP server_port range
 * @param udpEnabled       false refuses UDP transport with 461, so publishers fall back to TCP
 */
public record RtspServerConfig(
        String host,
        int port,
        String application,
        int maxConnections,
        RtspDecoder.Limits limits,
        Duration handshakeTimeout,
        Duration sessionTimeout,
        int udpPortMin,
        int udpPortMax,
        boolean udpEnabled) {

    public RtspServerConfig {
        ListenerSettings.check("RTSP", host, port, application, maxConnections, handshakeTimeout);
        Objects.requireNonNull(limits, "limits");
        if (udpPortMin < 1024 || udpPortMax > 65535 || udpPortMax <= udpPortMin) {
            throw new IllegalArgumentException("invalid RTSP UDP port range " + udpPortMin + "-" + udpPortMax);
        }
        if (sessionTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("RTSP session timeout must be at least 1 s");
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RtspServerConfig}. */
    public static final class Builder extends ListenerSettings<Builder> {

        private RtspDecoder.Limits limits = RtspDecoder.Limits.defaults();
        private Duration sessionTimeout = Duration.ofSeconds(60);
        private int udpPortMin = 30_000;
        private int udpPortMax = 39_999;
        private boolean udpEnabled = true;

        private Builder() {
            super(8554);
        }

        public Builder limits(RtspDecoder.Limits v) {
            limits = v;
            return this;
        }

        public Builder sessionTimeout(Duration v) {
            sessionTimeout = v;
            return this;
        }

        public Builder udpPorts(int min, int max) {
            udpPortMin = min;
            udpPortMax = max;
            return this;
        }

        public Builder udpEnabled(boolean v) {
            udpEnabled = v;
            return this;
        }

        public RtspServerConfig build() {
            return new RtspServerConfig(
                    host,
                    port,
                    application,
                    maxConnections,
                    limits,
                    handshakeTimeout,
                    sessionTimeout,
                    udpPortMin,
                    udpPortMax,
                    udpEnabled);
        }
    }
}
