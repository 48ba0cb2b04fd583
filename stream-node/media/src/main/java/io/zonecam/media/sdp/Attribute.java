package io.zonecam.media.sdp;

/**
 * Attribute is one {@code a=} line (RFC 8866 §5.13): a name and, for value attributes, the text after the colon.
 *
 * @param name  attribute name, e.g. {@code rtpmap}
 * @param value text after the first colon, or {@code null} for a property attribute such as {@code a=recvonly}
 */
public record Attribute(String name, String value) {
    @Override
    public String toString() {
        return value == null ? "a=" + name : "a=" + name + ":" + value;
    }
}
