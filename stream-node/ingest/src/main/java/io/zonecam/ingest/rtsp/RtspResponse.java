package io.zonecam.ingest.rtsp;

import java.nio.charset.StandardCharsets;

/**
 * RtspResponse is one RTSP response (RFC 2326 §7) for the encoder to write.
 *
 * @param status  the status code and reason phrase
 * @param headers header fields; the encoder adds Content-Length
 * @param body    the body, may be empty
 */
public record RtspResponse(RtspStatus status, RtspHeaders headers, byte[] body) {

    /** A response without a body. */
    public static RtspResponse of(RtspStatus status) {
        return new RtspResponse(status, new RtspHeaders(), new byte[0]);
    }

    /** A response with a text body. */
    public static RtspResponse withText(RtspStatus status, String contentType, String body) {
        RtspHeaders h = new RtspHeaders().add("Content-Type", contentType);
        return new RtspResponse(status, h, body.getBytes(StandardCharsets.UTF_8));
    }

    /** An error response whose text body says why (and a line end, as RTSP text bodies have). */
    public static RtspResponse error(RtspStatus status, String why) {
        return withText(status, "text/plain; charset=utf-8", why + "\r\n");
    }

    /** Adds a header and returns this response. */
    public RtspResponse header(String name, String value) {
        headers.set(name, value);
        return this;
    }
}
