package io.zonecam.ingest.rtsp;

import io.zonecam.ingest.RejectReason;

/**
 * RtspDecodeFailure is what {@link RtspDecoder} emits instead of a request when the input is unusable; the decoder
 * ignores everything after it and the handler answers with the status and closes the connection.
 *
 * @param status the status to answer with (400, 413, 414, 505)
 * @param reason what was wrong, for the log and the response body
 */
public record RtspDecodeFailure(RtspStatus status, String reason) {

    /** How the refusal is counted: a request over a size limit (413, 414) or one that does not parse. */
    public RejectReason rejectReason() {
        return status == RtspStatus.REQUEST_ENTITY_TOO_LARGE || status == RtspStatus.REQUEST_URI_TOO_LARGE
                ? RejectReason.LIMIT
                : RejectReason.MALFORMED;
    }
}
