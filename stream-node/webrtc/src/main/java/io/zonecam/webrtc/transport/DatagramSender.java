package io.zonecam.webrtc.transport;

import java.net.InetSocketAddress;

/**
 * DatagramSender sends one datagram from the node's media port without blocking; the SFU writes SRTP, SRTCP and DTLS
 * through it, and tests or benchmarks can put something else in its place.
 */
@FunctionalInterface
public interface DatagramSender {

    /**
     * Sends {@code buf[offset, offset + length)} to {@code to}; the bytes may be reused once this returns.
     *
     * @return false when the datagram was dropped (socket buffer full, socket closed, I/O error); never throws
     */
    boolean send(byte[] buf, int offset, int length, InetSocketAddress to);
}
