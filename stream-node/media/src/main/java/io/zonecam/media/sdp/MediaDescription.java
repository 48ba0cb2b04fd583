package io.zonecam.media.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MediaDescription is one {@code m=} section of a session description (RFC 8866 §5.14) with its attributes.
 *
 * @param type       media type: {@code video}, {@code audio}, {@code application}
 * @param port       transport port (0 means the stream is rejected or disabled)
 * @param protocol   transport protocol, e.g. {@code RTP/AVP} or {@code UDP/TLS/RTP/SAVPF}
 * @param formats    the format list; RTP payload types for RTP protocols
 * @param attributes {@code a=} lines in order
 * @param connection the section's {@code c=} line value, or {@code null}
 */
public record MediaDescription(
        String type, int port, String protocol, List<String> formats, List<Attribute> attributes, String connection) {

    public MediaDescription {
        formats = List.copyOf(formats);
        attributes = List.copyOf(attributes);
    }

    /** The value of the first attribute with this name. */
    public Optional<String> attribute(String name) {
        return Attribute.first(attributes, name);
    }

    /** The values of every attribute with this name, in order. */
    public List<String> attributes(String name) {
        List<String> values = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                values.add(a.value() == null ? "" : a.value());
            }
        }
        return values;
    }

    /** True when a property or value attribute with this name is present. */
    public boolean has(String name) {
        return attribute(name).isPresent();
    }

    /** The rtpmap attributes keyed by payload type, in order of appearance. */
    public Map<Integer, RtpMap> rtpMaps() {
        Map<Integer, RtpMap> maps = new LinkedHashMap<>();
        for (String v : attributes("rtpmap")) {
            RtpMap m = RtpMap.parse(v);
            maps.put(m.payloadType(), m);
        }
        return Collections.unmodifiableMap(maps);
    }

    /**
     * The format parameters for a payload type ({@code a=fmtp:<pt> k=v;k=v}), keys as written, values trimmed.
     * Parameters without '=' map to an empty string.
     */
    public Map<String, String> fmtp(int payloadType) {
        String prefix = payloadType + " ";
        for (String v : attributes("fmtp")) {
            if (v.startsWith(prefix)) {
                return parseParameters(v.substring(prefix.length()));
            }
        }
        return Map.of();
    }

    /** The RTCP feedback values ({@code a=rtcp-fb:<pt> <value>}) for a payload type, including wildcard ones. */
    public List<String> rtcpFeedback(int payloadType) {
        List<String> out = new ArrayList<>();
        for (String v : attributes("rtcp-fb")) {
            int sp = v.indexOf(' ');
            if (sp <= 0) {
                continue;
            }
            String pt = v.substring(0, sp);
            if (pt.equals("*") || pt.equals(Integer.toString(payloadType))) {
                out.add(v.substring(sp + 1).trim());
            }
        }
        return out;
    }

    /** The {@code a=control:} value (RTSP, RFC 2326 §C.1.1), if any. */
    public Optional<String> control() {
        return attribute("control");
    }

    static Map<String, String> parseParameters(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : text.split(";")) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq < 0) {
                params.put(t, "");
            } else {
                params.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
            }
        }
        return Collections.unmodifiableMap(params);
    }

    /** Appends this section in SDP wire form with CRLF line endings. */
    void appendTo(StringBuilder sb) {
        sb.append("m=").append(type).append(' ').append(port).append(' ').append(protocol);
        for (String f : formats) {
            sb.append(' ').append(f);
        }
        sb.append("\r\n");
        if (connection != null) {
            sb.append("c=").append(connection).append("\r\n");
        }
        for (Attribute a : attributes) {
            sb.append(a).append("\r\n");
        }
    }
}
