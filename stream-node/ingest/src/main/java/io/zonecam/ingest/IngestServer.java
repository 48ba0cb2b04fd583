package io.zonecam.ingest;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * IngestServer is the life cycle and observation surface shared by {@link io.zonecam.ingest.rtsp.RtspServer} and
 * {@link io.zonecam.ingest.rtmp.RtmpServer}.
 */
public interface IngestServer extends AutoCloseable {

    /** Binds and starts accepting; returns the bound address (useful with port 0). Blocks until bound. */
    InetSocketAddress start() throws InterruptedException;

    /** The bound address, or null before {@link #start()}. */
    InetSocketAddress localAddress();

    /**
     * Stops accepting, closes every connection (sessions end with {@link EndReason#SERVER_CLOSED}) and releases the
     * event loops it owns. Blocks until closed.
     */
    void stop();

    /** The server's counters. */
    IngestCounters counters();

    /** The publish sessions now active. */
    List<PublishSession> sessions();

    /**
     * Ends one session with {@link EndReason#SERVER_CLOSED} and closes its connection (a node drain moves a camera
     * only after it publishes elsewhere). Returns false when no such session is active.
     */
    boolean disconnect(String sessionId);

    @Override
    default void close() {
        stop();
    }
}
