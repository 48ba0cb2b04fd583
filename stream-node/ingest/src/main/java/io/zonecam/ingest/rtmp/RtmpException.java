package io.zonecam.ingest.rtmp;

import io.zonecam.ingest.RejectReason;

/**
 * RtmpException reports RTMP input that breaks the protocol or the server's limits; the connection is closed and the
 * refusal counted by its {@link Kind}, never by its message text.
 */
public sealed class RtmpException extends RuntimeException permits Amf0Exception {

    /** Kind says what was wrong with the input. */
    public enum Kind {
        /** Bytes or commands that do not follow RTMP (or AMF0): truncated, unknown, out of order. */
        MALFORMED(RejectReason.MALFORMED),
        /** Well-formed input over one of the server's limits: message size, chunk streams, nesting. */
        OVER_LIMIT(RejectReason.LIMIT);

        private final RejectReason rejectReason;

        Kind(RejectReason rejectReason) {
            this.rejectReason = rejectReason;
        }

        /** How a refusal of this kind is counted. */
        public RejectReason rejectReason() {
            return rejectReason;
        }
    }

    private final Kind kind;

    public RtmpException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** Input that does not follow the protocol. */
    public static RtmpException malformed(String message) {
        return new RtmpException(Kind.MALFORMED, message);
    }

    /** Input over a limit. */
    public static RtmpException overLimit(String message) {
        return new RtmpException(Kind.OVER_LIMIT, message);
    }

    public Kind kind() {
        return kind;
    }
}
