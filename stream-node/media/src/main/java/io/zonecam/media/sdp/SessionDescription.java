package io.zonecam.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SessionDescription is a parsed SDP document (RFC 8866): session-level lines and the media sections.
 *
 * <p>Parsing is strict where it matters for safety (sizes, numbers, line syntax) and lenient where peers differ
 * (unknown line types are ignored, LF or CRLF endings). Input larger than {@link #MAX_LENGTH} is refused.
 *
 * @param origin            the {@code o=} value
 * @param sessionName       the {@code s=} value
 * @param connection        the session-level {@code c=} value, or {@code null}
 * @param attributes        session-level attributes
 * @param media             media sections in order
 */
public record SessionDescription(
        String origin,
        String sessionName,
        String connection,
        List<Attribute> attributes,
        List<MediaDescription> media) {

    /** Largest SDP accepted; real offers from browsers are a few KiB. */
    public static final int MAX_LENGTH = 64 * 1024;
    /** Most media sections accepted in one description. */
    public static final int MAX_MEDIA = 64;

    public SessionDescription {
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** Parses SDP text. Throws {@link SdpException} with the reason when the text is not usable SDP. */
    public static SessionDescription parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SdpException("empty session description");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SdpException("session description larger than " + MAX_LENGTH + " characters");
        }
        String origin = null;
        String sessionName = null;
        String connection = null;
        boolean sawVersion = false;
        List<Attribute> sessionAttributes = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        MediaBuilder current = null;
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("line " + lineNo + " is not '<type>=<value>': " + abbreviate(line));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (lineNo == 1 && type != 'v') {
                throw new SdpException("session description must start with v=0");
            }
            switch (type) {
                case 'v' -> {
                    if (!value.trim().equals("0")) {
                        throw new SdpException("unsupported SDP version: " + abbreviate(value));
                    }
                    sawVersion = true;
                }
                case 'o' -> origin = value;
                case 's' -> sessionName = value;
                case 'c' -> {
                    if (current == null) {
                        connection = value;
                    } else {
                        current.connection = value;
                    }
                }
                case 'a' -> {
                    Attribute a = parseAttribute(value);
                    if (current == null) {
                        sessionAttributes.add(a);
                    } else {
                        current.attributes.add(a);
                    }
                }
                case 'm' -> {
                    if (current != null) {
                        media.add(current.build());
                    }
                    if (media.size() >= MAX_MEDIA) {
                        throw new SdpException("more than " + MAX_MEDIA + " media sections");
                    }
                    current = MediaBuilder.parse(value, lineNo);
                }
                default -> {
                    // b=, t=, i=, u=, e=, p=, k=, r=, z= carry nothing Zonecam acts on.
                }
            }
        }
        if (!sawVersion) {
            throw new SdpException("session description must start with v=0");
        }
        if (current != null) {
            media.add(current.build());
        }
        return new SessionDescription(origin, sessionName, connection, sessionAttributes, media);
    }

    /** The value of the first session-level attribute with this name. */
    public Optional<String> attribute(String name) {
        return Attribute.first(attributes, name);
    }

    /** The media sections of one type ({@code video}, {@code audio}). */
    public List<MediaDescription> media(String type) {
        return media.stream().filter(m -> m.type().equals(type)).toList();
    }

    /** The SDP text with CRLF line endings, as RFC 8866 requires on the wire. */
    public String format() {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("v=0\r\n");
        sb.append("o=").append(origin == null ? "- 0 0 IN IP4 0.0.0.0" : origin).append("\r\n");
        sb.append("s=")
                .append(sessionName == null || sessionName.isEmpty() ? "-" : sessionName)
                .append("\r\n");
        if (connection != null) {
            sb.append("c=").append(connection).append("\r\n");
        }
        sb.append("t=0 0\r\n");
        for (Attribute a : attributes) {
            sb.append(a).append("\r\n");
        }
        for (MediaDescription m : media) {
            m.appendTo(sb);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SdpException(what + " is not a number: " + abbreviate(s));
        }
    }

    private static Attribute parseAttribute(String value) {
        int colon = value.indexOf(':');
        if (colon == 0) {
            throw new SdpException("attribute without a name: " + abbreviate(value));
        }
        return colon < 0
                ? new Attribute(value, null)
                : new Attribute(value.substring(0, colon), value.substring(colon + 1));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private static final class MediaBuilder {
        final String type;
        final int port;
        final String protocol;
        final List<String> formats;
        final List<Attribute> attributes = new ArrayList<>();
        String connection;

        private MediaBuilder(String type, int port, String protocol, List<String> formats) {
            this.type = type;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
        }

        static MediaBuilder parse(String value, int lineNo) {
            String[] parts = value.trim().split("\\s+");
            if (parts.length < 3) {
                throw new SdpException("line " + lineNo + ": m= needs '<media> <port> <proto> <fmt> ...'");
            }
            String portText = parts[1];
            int slash = portText.indexOf('/');
            int port = parseInt(slash < 0 ? portText : portText.substring(0, slash), "m= port");
            if (port < 0 || port > 65535) {
                throw new SdpException("line " + lineNo + ": m= port out of range: " + port);
            }
            List<String> formats = new ArrayList<>();
            for (int i = 3; i < parts.length; i++) {
                formats.add(parts[i]);
            }
            return new MediaBuilder(parts[0], port, parts[2], formats);
        }

        MediaDescription build() {
            return new MediaDescription(type, port, protocol, formats, attributes, connection);
        }
    }
}
