package io.zonecam.ingest;

/** RejectReason classifies refused connections and publish attempts for counters and logs. */
public enum RejectReason {
    /** No token was presented (RTSP 401, RTMP Publish.Rejected). */
    TOKEN_MISSING,
    /** The authorizer denied the token (RTSP 403, RTMP Publish.Rejected). */
    FORBIDDEN,
    /** The URL does not name a camera as {@code /live/<cameraId>} (RTSP 404, RTMP Publish.BadName). */
    BAD_PATH,
    /** Unparseable request, chunk, AMF or SDP (RTSP 400). */
    MALFORMED,
    /** A size or count limit was exceeded. */
    LIMIT,
    /** The publisher asked for something not supported: codec, transport, method (RTSP 415/461/501). */
    UNSUPPORTED,
    /** The handshake did not finish, or a session went idle, within its timeout. */
    TIMEOUT,
    /** Too many connections, or no UDP ports left (RTSP 453/503). */
    CAPACITY
}
