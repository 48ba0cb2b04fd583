package io.zonecam.ingest.rtsp;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** RtspUris reads what a publishing session needs from Request-URIs and a few header values. */
final class RtspUris {

    private RtspUris() {}

    /** Path and query of an rtsp:// URL (or the text itself when it is already a path); null when unreadable. */
    static String pathOf(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        try {
            URI u = new URI(uri);
            String p = u.getRawPath() == null ? "" : u.getRawPath();
            return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** True when {@code uri} names the whole presentation announced at {@code announceUri}, not one track. */
    static boolean isAggregate(String announceUri, String uri) {
        String a = trimSlash(announceUri);
        String u = trimSlash(uri);
        return u.equals(a) || u.equals(trimSlash(stripQuery(a)));
    }

    /** The URI without its query, for logs: tokens must not be logged. */
    static String redact(String uri) {
        int q = uri.indexOf('?');
        return RtspDecoder.clip(q < 0 ? uri : uri.substring(0, q) + "?…");
    }

    /** The password of a Basic Authorization header (RFC 7617), or null. */
    static String basicPassword(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The session id of a Session header value ({@code id;timeout=60}), or null without the header. */
    static String sessionId(String header) {
        if (header == null) {
            return null;
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim();
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String stripQuery(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
