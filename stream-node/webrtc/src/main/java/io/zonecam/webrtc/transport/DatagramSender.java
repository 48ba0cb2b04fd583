package io.zonecam.webrtc.transport;

import java.net.InetSocketAddress;

/**
 * DatagramSender sends datagrams from the node's media port without blocking, one or a batch at a time; the SFU writes
 * SRTP, SRTCP and DTLS through it, and tests or benchmarks can put something else in its place.
 */
@FunctionalInterface
public interface DatagramSender {

    /**
     * Sends {@code buf[offset, offset + length)} to {@code to}; the bytes may be reused once this returns.
     *
     * @return false when the datagram was dropped (socket buffer full, socket closed, I/O error); never throws
     */
    boolean send(byte[] buf, int offset, int length, InetSocketAddress to);

    /**
     * Sends every datagram of {@code batch}, in order, and leaves the batch as it was (the caller clears it). A sender
     * that can hands them to the kernel together (see {@link UdpTransport}); this default sends them one by one.
     *
     * @return how many were accepted; the others were dropped as {@link #send(byte[], int, int, InetSocketAddress)}
     *     drops one; never throws
     */
    default int send(DatagramBatch batch) {
        int sent = 0;
        byte[] data = batch.data();
        for (int i = 0; i < batch.size(); i++) {
            if (send(data, batch.offset(i), batch.length(i), batch.destination(i))) {
                sent++;
            }
        }
        return sent;
    }
}
