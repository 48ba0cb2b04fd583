package io.zonecam.webrtc.srtp;

/**
 * SrtpStream is the per-SSRC state of one SRTP direction: rollover counter and highest sequence number for index
 * estimation (RFC 3711 §3.3.1, Appendix A), replay windows, and the SRTCP index.
 */
final class SrtpStream {

    final int ssrc;
    private boolean started;
    /** Highest packet index seen or sent: ROC × 2^16 + SEQ. */
    private long highestIndex;

    final ReplayWindow rtpWindow;
    final ReplayWindow rtcpWindow;
    /** Next SRTCP index to send (RFC 3711 §3.4: starts at 0, 31 bits). */
    long nextSrtcpIndex;

    SrtpStream(int ssrc, int windowSize) {
        this.ssrc = ssrc;
        this.rtpWindow = new ReplayWindow(windowSize);
        this.rtcpWindow = new ReplayWindow(windowSize);
    }

    /**
     * The 48-bit packet index a sequence number most likely belongs to (RFC 3711 Appendix A), or -1 when it would
     * precede the start of the stream.
     */
    long estimateIndex(int seq) {
        if (!started) {
            return seq;
        }
        long roc = highestIndex >>> 16;
        int sl = (int) (highestIndex & 0xFFFF);
        long v;
        if (sl < 32768) {
            v = seq - sl > 32768 ? roc - 1 : roc;
        } else {
            v = sl - 32768 > seq ? roc + 1 : roc;
        }
        if (v < 0 || v > 0xFFFFFFFFL) {
            return -1;
        }
        return (v << 16) | seq;
    }

    /** Records an authenticated (or sent) index; only a higher index moves ROC and s_l forward. */
    void update(long index) {
        if (!started || index > highestIndex) {
            highestIndex = index;
            started = true;
        }
    }

    /** The current rollover counter. */
    long rolloverCounter() {
        return highestIndex >>> 16;
    }
}
