package io.zonecam.ingest;

/** EndReason says why a publish session ended. */
public enum EndReason {
    /** The publisher ended the session in the protocol (RTSP TEARDOWN, RTMP deleteStream/FCUnpublish). */
    UNPUBLISHED,
    /** The connection closed without an orderly end. */
    CONNECTION_CLOSED,
    /** Nothing arrived for longer than the session timeout. */
    TIMEOUT,
    /** The publisher sent something the server could not accept (malformed or over a limit). */
    PROTOCOL_ERROR,
    /** The server closed the session on request ({@code disconnect}) or because it is stopping. */
    SERVER_CLOSED
}
