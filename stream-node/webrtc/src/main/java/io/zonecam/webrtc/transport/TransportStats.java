package io.zonecam.webrtc.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * TransportStats counts what the media port received, routed, sent and dropped, for metrics and tests.
 */
public final class TransportStats {

    final LongAdder datagramsIn = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder stunIn = new LongAdder();
    final LongAdder stunAnswered = new LongAdder();
    final LongAdder dtlsIn = new LongAdder();
    final LongAdder rtcpIn = new LongAdder();
    final LongAdder rtpIn = new LongAdder();
    final LongAdder garbage = new LongAdder();
    final LongAdder unroutable = new LongAdder();
    final LongAdder earlyDtlsHeld = new LongAdder();
    final LongAdder earlyDtlsDelivered = new LongAdder();
    final LongAdder earlyDtlsDropped = new LongAdder();
    final LongAdder datagramsOut = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder sendDropped = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder sendExpired = new LongAdder();
    final LongAdder sendWaitNanos = new LongAdder();
    final LongAdder handlerErrors = new LongAdder();

    TransportStats() {}

    /** Datagrams read from the socket. */
    public long datagramsIn() {
        return datagramsIn.sum();
    }

    /** Bytes read from the socket. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** STUN messages given to the ICE agent. */
    public long stunIn() {
        return stunIn.sum();
    }

    /** STUN responses (success or error) sent back. */
    public long stunAnswered() {
        return stunAnswered.sum();
    }

    /** DTLS datagrams routed to a viewer. */
    public long dtlsIn() {
        return dtlsIn.sum();
    }

    /** SRTCP packets routed to a viewer. */
    public long rtcpIn() {
        return rtcpIn.sum();
    }

    /** SRTP packets routed to a viewer (receive-only viewers send none). */
    public long rtpIn() {
        return rtpIn.sum();
    }

    /** Datagrams of no known kind (RFC 7983), too short for their kind, or too long: dropped. */
    public long garbage() {
        return garbage.sum();
    }

    /** DTLS/RTP/RTCP from addresses no ICE session validated: dropped. */
    public long unroutable() {
        return unroutable.sum();
    }

    /** DTLS datagrams held because they came before their address's ICE check. */
    public long earlyDtlsHeld() {
        return earlyDtlsHeld.sum();
    }

    /** Held DTLS datagrams delivered once the check arrived. */
    public long earlyDtlsDelivered() {
        return earlyDtlsDelivered.sum();
    }

    /** Held DTLS datagrams dropped (expired, or the hold was full). */
    public long earlyDtlsDropped() {
        return earlyDtlsDropped.sum();
    }

    /** Datagrams sent. */
    public long datagramsOut() {
        return datagramsOut.sum();
    }

    /** Bytes sent (UDP payload). */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Datagrams dropped because the socket send buffer was full. */
    public long sendDropped() {
        return sendDropped.sum();
    }

    /**
     * Datagrams accepted for sending but dropped on the native epoll event loop: their batch waited there longer than
     * a retransmission would still be answered, so the loop had fallen behind.
     */
    public long sendExpired() {
        return sendExpired.sum();
    }

    /** Time egress workers waited for the event loop to write what they had handed it (backpressure), in ns. */
    public long sendWaitNanos() {
        return sendWaitNanos.sum();
    }

    /** Datagrams not sent because of an I/O error or a closed socket. */
    public long sendErrors() {
        return sendErrors.sum();
    }

    /** Handler calls that threw; the datagram was dropped and the receive thread went on. */
    public long handlerErrors() {
        return handlerErrors.sum();
    }
}
