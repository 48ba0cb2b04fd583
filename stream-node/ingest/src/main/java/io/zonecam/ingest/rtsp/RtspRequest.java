package io.zonecam.ingest.rtsp;

import java.nio.charset.StandardCharsets;

/**
 * RtspRequest is one decoded RTSP request (RFC 2326 §6): request line, header fields and body.
 *
 * @param method  the method as sent, e.g. {@code ANNOUNCE} (methods are case-sensitive, §6.1)
 * @param uri     the Request-URI
 * @param version the protocol version, {@code RTSP/1.0}
 * @param headers header fields
 * @param body    the body ({@code Content-Length} bytes), empty when there is none
 */
public record RtspRequest(String method, String uri, String version, RtspHeaders headers, byte[] body) {

    /** The CSeq value, or null when absent. */
    public String cseq() {
        return headers.get("CSeq");
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
