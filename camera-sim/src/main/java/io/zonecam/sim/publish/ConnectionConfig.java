package io.zonecam.sim.publish;

import java.time.Duration;

/**
 * ConnectionConfig holds the per-connection limits of a publish connection.
 *
 * @param connectTimeout   TCP connect deadline
 * @param confirmTimeout   from connect until the node confirms the publish (RTSP RECORD 200, RTMP
 *                         NetStream.Publish.Start); slower connections are closed
 * @param linger           after an orderly unpublish, how long to wait for the node to close before closing
 * @param writeBufferLow   Netty low water mark: writing resumes below it
 * @param writeBufferHigh  Netty high water mark: above it frames are dropped (and counted) instead of queued, so a
 *                         slow node cannot make the simulator's memory grow
 * @param rtmpChunkSize    the chunk size announced to RTMP servers (RTMP 1.0 §5.4.1)
 * @param sendBuffer       SO_SNDBUF in bytes, 0 for the operating system's (auto-tuned) default
 */
public record ConnectionConfig(
        Duration connectTimeout,
        Duration confirmTimeout,
        Duration linger,
        int writeBufferLow,
        int writeBufferHigh,
        int rtmpChunkSize,
        int sendBuffer) {

    public ConnectionConfig {
        if (writeBufferLow < 1 || writeBufferHigh < writeBufferLow || rtmpChunkSize < 128 || sendBuffer < 0) {
            throw new IllegalArgumentException("invalid connection config " + this);
        }
    }

    /** Defaults: 5 s connect, 10 s to confirm, 2 s linger, 1 MiB write buffer (4 s of 2 Mb/s), 4 KiB chunks. */
    public static ConnectionConfig defaults() {
        return new ConnectionConfig(
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2), 512 << 10, 1 << 20, 4096, 0);
    }

    /** The same with other write buffer limits (bytes queued in the process, and the socket's send buffer). */
    public ConnectionConfig withWriteBuffer(int low, int high, int socketSendBuffer) {
        return new ConnectionConfig(connectTimeout, confirmTimeout, linger, low, high, rtmpChunkSize, socketSendBuffer);
    }
}
