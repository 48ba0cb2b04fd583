package io.zonecam.ingest.rtsp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** RtspHeaders is an ordered list of RTSP header fields with case-insensitive lookup (RFC 2326 §4.2). */
public final class RtspHeaders {

    /** Header is one field as received. */
    public record Header(String name, String value) {}

    private final List<Header> headers = new ArrayList<>();

    /** Appends a field. */
    public RtspHeaders add(String name, String value) {
        headers.add(new Header(name, value));
        return this;
    }

    /** Replaces every field of this name with one value. */
    public RtspHeaders set(String name, String value) {
        headers.removeIf(h -> h.name.equalsIgnoreCase(name));
        headers.add(new Header(name, value));
        return this;
    }

    /** The first value of a field, or null. */
    public String get(String name) {
        for (Header h : headers) {
            if (h.name.equalsIgnoreCase(name)) {
                return h.value;
            }
        }
        return null;
    }

    /** True when a field of this name is present. */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /** Every field in order. */
    public List<Header> all() {
        return Collections.unmodifiableList(headers);
    }

    public int size() {
        return headers.size();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Header h : headers) {
            sb.append(h.name.toLowerCase(Locale.ROOT))
                    .append(": ")
                    .append(h.value)
                    .append('\n');
        }
        return sb.toString();
    }
}
