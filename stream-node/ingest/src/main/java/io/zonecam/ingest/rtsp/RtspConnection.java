package io.zonecam.ingest.rtsp;

import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.session.ActivePublish;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * RtspConnection is what an {@link RtspSession} asks of the connection it runs on: answers written, UDP ports bound,
 * the publish started, the connection closed. The Netty adapter implements it over a socket; tests implement it
 * with lists. Every call and callback happens on the session's thread.
 */
public interface RtspConnection {

    /** The publisher's address. */
    InetSocketAddress remote();

    /** Writes one response. */
    void send(RtspResponse response);

    /** Writes one response, then closes the connection. */
    void sendAndClose(RtspResponse response);

    /** Closes the connection now. */
    void close();

    /**
     * Binds an RTP/RTCP server port pair for one track. RTP packets from the publisher's address go to {@code rtp};
     * any packet on either port calls {@code activity}. {@code bound} runs later, with null when no pair is free; the
     * session answers no other request until then.
     */
    void bindUdp(Consumer<byte[]> rtp, Runnable activity, Consumer<UdpPorts> bound);

    /** Opens the publish at the sink and registers it with the server; null when the sink refused it. */
    ActivePublish startPublish(PublishSession session);

    /** UdpPorts is a bound server port pair (RFC 2326 §12.39 server_port). */
    interface UdpPorts {
        /** The RTP port; RTCP is the next one. */
        int rtpPort();

        /** Closes both sockets and returns the pair to the pool. */
        void close();
    }
}
