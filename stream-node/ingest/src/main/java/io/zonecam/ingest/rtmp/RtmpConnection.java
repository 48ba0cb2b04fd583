package io.zonecam.ingest.rtmp;

import io.zonecam.ingest.PublishSession;
import io.zonecam.ingest.session.ActivePublish;
import java.net.InetSocketAddress;

/**
 * RtmpConnection is what an {@link RtmpSession} asks of the connection it runs on: messages written, the publish
 * started, the connection closed. The Netty adapter implements it over a socket; tests implement it with lists.
 * Every call happens on the session's thread.
 */
public interface RtmpConnection {

    /** The publisher's address. */
    InetSocketAddress remote();

    /** Writes one message (chunked by the encoder; a Set Chunk Size applies to the messages after it). */
    void send(RtmpMessage message);

    /** Closes the connection once what was sent is written, so the publisher can read the reason. */
    void closeAfterSending();

    /** Closes the connection now. */
    void close();

    /** Bytes received on the connection so far, for acknowledgements (RTMP 1.0 §5.4.3). */
    long bytesReceived();

    /** Opens the publish at the sink and registers it with the server; null when the sink refused it. */
    ActivePublish startPublish(PublishSession session);
}
