package io.zonecam.media.sdp;

import java.util.List;
import java.util.Optional;

/**
 * Attribute is one {@code a=} line (RFC 8866 §5.13): a name and, for value attributes, the text after the colon.
 *
 * @param name  attribute name, e.g. {@code rtpmap}
 * @param value text after the first colon, or {@code null} for a property attribute such as {@code a=recvonly}
 */
public record Attribute(String name, String value) {

    /** The value of the first attribute named {@code name} in {@code attributes} ("" for a property attribute). */
    static Optional<String> first(List<Attribute> attributes, String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return Optional.of(a.value() == null ? "" : a.value());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value == null ? "a=" + name : "a=" + name + ":" + value;
    }
}
