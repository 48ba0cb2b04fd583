package io.zonecam.sim.publish;

import io.zonecam.ingest.IngestProtocol;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * PublishTarget is where a camera pushes: an {@code rtsp://} or {@code rtmp://} URL, normally carrying the device
 * token as {@code ?token=}, plus an optional token to present separately (RTSP Basic password) and a label for logs.
 *
 * @param url   the publish URL ({@code rtsp://host:8554/live/<cameraId>?token=...} or the RTMP equivalent)
 * @param token a device token to send as the RTSP Basic password when the URL has none, or null
 * @param label a short name for logs, e.g. the node id; never contains the token
 */
public record PublishTarget(URI url, String token, String label) {

    public PublishTarget {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("rtsp") && !scheme.equals("rtmp")) {
            throw new IllegalArgumentException("publish URL must be rtsp:// or rtmp://: " + redact(url));
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("publish URL has no host: " + redact(url));
        }
        if (label == null || label.isBlank()) {
            label = redact(url);
        }
    }

    /** A target from a URL string. */
    public static PublishTarget of(String url) {
        return new PublishTarget(URI.create(url), null, null);
    }

    /** The protocol named by the URL scheme. */
    public IngestProtocol protocol() {
        return url.getScheme().equalsIgnoreCase("rtmp") ? IngestProtocol.RTMP : IngestProtocol.RTSP;
    }

    /** The TCP port, with the protocol's default (RTSP 554, RTMP 1935). */
    public int port() {
        return url.getPort() > 0 ? url.getPort() : protocol() == IngestProtocol.RTMP ? 1935 : 554;
    }

    /** The URL without its query, safe to log. */
    public String redacted() {
        return redact(url);
    }

    /** The URL without its query: tokens must not reach logs. */
    public static String redact(URI u) {
        String s = u.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?…";
    }

    /**
     * The camera id a {@code /<application>/<cameraId>} path names, or null; used as the marker id when a camera is
     * given only a URL.
     */
    public String pathCameraId() {
        String p = url.getRawPath();
        if (p == null) {
            return null;
        }
        String[] seg = p.startsWith("/") ? p.substring(1).split("/") : p.split("/");
        return seg.length >= 2 && !seg[1].isEmpty() ? seg[1] : null;
    }

    @Override
    public String toString() {
        return label;
    }
}
