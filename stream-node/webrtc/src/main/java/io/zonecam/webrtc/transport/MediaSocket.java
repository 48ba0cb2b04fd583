package io.zonecam.webrtc.transport;

import java.net.InetSocketAddress;

/**
 * MediaSocket is the socket under a {@link UdpTransport}: it binds the port, runs the one thread that reads it (handing
 * every datagram to {@link UdpTransport#handle}), and sends without blocking from any thread. {@link NioMediaSocket}
 * works everywhere; {@link EpollMediaSocket} sends batches with {@code sendmmsg} and UDP GSO where Netty's native epoll
 * loads.
 */
interface MediaSocket extends DatagramSender, AutoCloseable {

    /** The bound address. */
    InetSocketAddress localAddress();

    /** Starts the receive thread. */
    void start();

    /** True while the receive thread runs. */
    boolean isRunning();

    /** What it is, for the log line at startup: e.g. "Netty native epoll, sendmmsg, UDP GSO". */
    String describe();

    @Override
    void close();
}
