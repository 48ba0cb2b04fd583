package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.transport.DatagramBatch;
import io.zonecam.webrtc.transport.DatagramSender;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * EgressScratch is one egress worker's reusable state: the batch it takes from a viewer, the buffers it writes
 * datagrams into (nothing is allocated per packet), the outgoing datagrams of several viewers waiting to leave in one
 * send, and counters it adds to {@link SfuMetrics} once per batch instead of per packet.
 */
final class EgressScratch {

    /** Datagrams sent together at most: ~600 KiB, a few hundred viewers' share of one picture. */
    static final int OUT_DATAGRAMS = 512;

    final EgressBatch batch = new EgressBatch();
    /** Encrypted datagrams waiting for {@link #flush}: they leave when the worker's run queue is empty or it is full. */
    final DatagramBatch out = new DatagramBatch(OUT_DATAGRAMS, OUT_DATAGRAMS * 1200);
    /** Where each SRTP/SRTCP datagram is written. */
    final byte[] datagram = new byte[2048];
    /** Where a retransmitted packet is rebuilt before RTX wrapping or protection. */
    final byte[] plain = new byte[2048];

    long packetsSent;
    long bytesSent;
    long retransmissions;
    long nackMisses;
    long senderReports;
    long sendFailures;
    long srtpErrors;

    /**
     * Queues {@code d[0, n)} for {@code to}, sending what waits first when it would not fit. Datagrams count as sent
     * here; those the sender drops are counted as send failures when the batch leaves.
     */
    void queue(DatagramSender sender, byte[] d, int n, InetSocketAddress to) {
        if (!out.fits(n)) {
            flush(sender);
        }
        out.add(d, 0, n, to);
    }

    /** Sends every queued datagram in one call and counts those the sender dropped. */
    void flush(DatagramSender sender) {
        if (out.size() == 0) {
            return;
        }
        int sent = sender.send(out);
        sendFailures += out.size() - sent;
        out.clear();
    }

    /** Adds the counters to the shared metrics and zeroes them. */
    void flushTo(SfuMetrics m) {
        packetsSent = addAndZero(packetsSent, m.packetsSent);
        bytesSent = addAndZero(bytesSent, m.bytesSent);
        retransmissions = addAndZero(retransmissions, m.retransmissions);
        nackMisses = addAndZero(nackMisses, m.drops.nackMisses);
        senderReports = addAndZero(senderReports, m.senderReports);
        if (sendFailures != 0) {
            m.sendFailures.add(sendFailures);
            m.drops.packetsDropped(sendFailures);
            sendFailures = 0;
        }
        srtpErrors = addAndZero(srtpErrors, m.srtpErrors);
    }

    /** Adds {@code count} to {@code total}, skipping the shared adder when zero; returns 0, the count's new value. */
    private static long addAndZero(long count, LongAdder total) {
        if (count != 0) {
            total.add(count);
        }
        return 0;
    }
}
