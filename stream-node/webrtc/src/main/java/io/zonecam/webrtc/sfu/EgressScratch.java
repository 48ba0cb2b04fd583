package io.zonecam.webrtc.sfu;

/**
 * EgressScratch is one egress worker's reusable state: the batch it takes from a viewer, the buffers it writes
 * datagrams into (nothing is allocated per packet), and counters it adds to {@link SfuMetrics} once per batch
 * instead of per packet.
 */
final class EgressScratch {

    final EgressBatch batch = new EgressBatch();
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

    /** Adds the counters to the shared metrics and zeroes them. */
    void flushTo(SfuMetrics m) {
        if (packetsSent != 0) {
            m.packetsSent.add(packetsSent);
            packetsSent = 0;
        }
        if (bytesSent != 0) {
            m.bytesSent.add(bytesSent);
            bytesSent = 0;
        }
        if (retransmissions != 0) {
            m.retransmissions.add(retransmissions);
            retransmissions = 0;
        }
        if (nackMisses != 0) {
            m.drops.nackMisses.add(nackMisses);
            nackMisses = 0;
        }
        if (senderReports != 0) {
            m.senderReports.add(senderReports);
            senderReports = 0;
        }
        if (sendFailures != 0) {
            m.sendFailures.add(sendFailures);
            m.drops.packetsDropped(sendFailures);
            sendFailures = 0;
        }
        if (srtpErrors != 0) {
            m.srtpErrors.add(srtpErrors);
            srtpErrors = 0;
        }
    }
}
