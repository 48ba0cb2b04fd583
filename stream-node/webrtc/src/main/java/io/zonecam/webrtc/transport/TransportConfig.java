package io.zonecam.webrtc.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * TransportConfig says where the media port listens, what addresses the answers advertise, and how large its buffers
 * are.
 *
 * @param bind               local address and UDP port to bind (port 0 picks a free one, for tests)
 * @param advertised         host candidate addresses put into answers, most preferred first (EC2 public IP, NAT
 *                           mapping); empty means the bound address, or the loopback address when bound to the
 *                           wildcard
 * @param receiveBufferBytes SO_RCVBUF asked for (the kernel may cap it at net.core.rmem_max)
 * @param sendBufferBytes    SO_SNDBUF asked for (capped at net.core.wmem_max); a full send buffer drops datagrams
 * @param maxDatagramSize    largest datagram read; longer ones are truncated by the kernel and dropped as garbage
 * @param earlyDtlsHold      how long a DTLS datagram from a not-yet-validated address is held for its ICE check
 * @param earlyDtlsMax       how many such datagrams are held at most (one per address)
 */
public record TransportConfig(
        InetSocketAddress bind,
        List<InetSocketAddress> advertised,
        int receiveBufferBytes,
        int sendBufferBytes,
        int maxDatagramSize,
        Duration earlyDtlsHold,
        int earlyDtlsMax) {

    /** Checks the values. */
    public TransportConfig {
        Objects.requireNonNull(bind, "bind");
        advertised = List.copyOf(advertised);
        for (InetSocketAddress a : advertised) {
            if (a.isUnresolved() || a.getPort() == 0) {
                throw new IllegalArgumentException("advertised addresses need an IP and a port: " + a);
            }
        }
        if (receiveBufferBytes < 65_536 || sendBufferBytes < 65_536) {
            throw new IllegalArgumentException("socket buffers below 64 KiB");
        }
        if (maxDatagramSize < 1500 || maxDatagramSize > 65_535) {
            throw new IllegalArgumentException("maxDatagramSize out of [1500, 65535]");
        }
        if (earlyDtlsHold.isNegative() || earlyDtlsMax < 0) {
            throw new IllegalArgumentException("early DTLS bounds must not be negative");
        }
    }

    /** Loopback on a free port, 4 MiB socket buffers: what tests and benchmarks use. */
    public static TransportConfig loopback() {
        return of(new InetSocketAddress("127.0.0.1", 0), List.of());
    }

    /** A config with the defaults for buffers: 4 MiB each way, 2048-byte datagrams, 64 early DTLS for 2 s. */
    public static TransportConfig of(InetSocketAddress bind, List<InetSocketAddress> advertised) {
        return new TransportConfig(bind, advertised, 4 << 20, 4 << 20, 2048, Duration.ofSeconds(2), 64);
    }
}
