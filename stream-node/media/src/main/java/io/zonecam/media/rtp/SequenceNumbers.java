package io.zonecam.media.rtp;

/**
 * SequenceNumbers follows the 16-bit RTP sequence numbers of one track (RFC 3550 §A.1, without probation): each
 * packet is the next one, follows a gap, or is stale (a duplicate, or late after later ones) and must be dropped.
 */
final class SequenceNumbers {

    /** What {@link #gapBefore} answers for a duplicate or late packet. */
    static final int STALE = -1;

    private int last = -1;

    /** Packets missing right before {@code seq} (0 when it is the next one), or {@link #STALE}. */
    int gapBefore(int seq) {
        int gap = 0;
        if (last >= 0) {
            int delta = (seq - last) & 0xffff;
            if (delta == 0 || delta >= 0x8000) {
                return STALE;
            }
            gap = delta - 1;
        }
        last = seq;
        return gap;
    }
}
