package io.zonecam.media.rtp;

/**
 * PayloadSink receives the RTP payloads a packetizer produces, in order.
 *
 * <p>The packetizer asks the sink for a buffer ({@link #buffer(int)}), writes the payload at the offset
 * {@code headroom} it was built with (leaving room for the RTP header the caller writes in place), and hands the
 * buffer back through {@link #packet}. The default buffer is a fresh array the sink may keep (e.g. for a
 * retransmission cache); a sink that sends synchronously may return the same scratch array every time.
 */
public interface PayloadSink {

    /** A buffer of at least {@code capacity} bytes for the next packet. */
    default byte[] buffer(int capacity) {
        return new byte[capacity];
    }

    /**
     * One payload is ready.
     *
     * @param buffer        the buffer returned by {@link #buffer(int)}
     * @param payloadOffset where the payload starts (the packetizer's headroom)
     * @param payloadLength payload bytes
     * @param marker        true on the last packet of the access unit (RFC 6184 §5.1 marker bit)
     */
    void packet(byte[] buffer, int payloadOffset, int payloadLength, boolean marker);
}
