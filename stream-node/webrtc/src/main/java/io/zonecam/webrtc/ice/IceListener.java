package io.zonecam.webrtc.ice;

import java.net.InetSocketAddress;

/**
 * IceListener receives session events from {@link IceLiteAgent}; calls arrive on the thread that fed the datagram
 * or ran {@link IceLiteAgent#expire()}, outside the agent's lock.
 *
 * @param <T> the attachment type the transport layer stores with each session
 */
public interface IceListener<T> {

    /** The browser nominated a pair: send DTLS/SRTP to {@code remote} from now on. Called again if it changes. */
    default void onSelected(IceSession<T> session, InetSocketAddress remote) {}

    /** The session ended and was removed from the agent. */
    default void onClosed(IceSession<T> session, IceCloseReason reason) {}
}
