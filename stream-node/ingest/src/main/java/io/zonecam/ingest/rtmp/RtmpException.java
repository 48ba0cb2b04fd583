package io.zonecam.ingest.rtmp;

/** RtmpException reports RTMP input that breaks the protocol or the server's limits; the connection is closed. */
public final class RtmpException extends RuntimeException {
    public RtmpException(String message) {
        super(message, null, false, false);
    }
}
