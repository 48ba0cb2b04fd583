package io.zonecam.contracts.http;

import java.util.Map;

/**
 * RequestLimits are the bounds a Zonecam server takes a request within, checked before its body is read: request
 * target (path and query), header bytes (names, values and their separators) and declared body length. Each server
 * answers a refusal as problem+json with the status and detail given here.
 */
public record RequestLimits(int maxTargetLength, long maxHeaderBytes, long maxBodyBytes) {

    /** A request refused: 414, 431 or 413, and what to tell the client. */
    public record Refusal(int status, String detail) {}

    /** The refusal of a request, or null when it is within the limits. */
    public Refusal check(String target, Iterable<Map.Entry<String, String>> headers, String contentLength) {
        if (target.length() > maxTargetLength) {
            return new Refusal(
                    414, "The request target (path and query) is longer than " + maxTargetLength + " bytes.");
        }
        if (headerBytes(headers) > maxHeaderBytes) {
            return new Refusal(431, "The request headers are larger than " + maxHeaderBytes + " bytes.");
        }
        if (contentLength(contentLength) > maxBodyBytes) {
            return new Refusal(413, "The request body is larger than " + maxBodyBytes + " bytes.");
        }
        return null;
    }

    /** Bytes of a header block: each name and value plus ": " and CRLF. */
    static long headerBytes(Iterable<Map.Entry<String, String>> headers) {
        long bytes = 0;
        for (Map.Entry<String, String> h : headers) {
            bytes += h.getKey().length() + h.getValue().length() + 4;
        }
        return bytes;
    }

    /** The declared body length, or -1 when none or not a number (the HTTP decoder refuses malformed ones itself). */
    static long contentLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
