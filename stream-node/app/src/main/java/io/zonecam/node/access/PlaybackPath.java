package io.zonecam.node.access;

import io.zonecam.node.access.AccessLog.Kind;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PlaybackPath tells which requests are someone watching, by method and path: HLS playlists and objects (recorded),
 * clips, snapshots, thumbnails, and WHEP offers (live). Timelines and WHEP deletions are not access to pictures.
 */
record PlaybackPath(Kind kind, UUID cameraId) {

    private static final Pattern PATH = Pattern.compile(
            "^/(hls|clips|snapshots|thumbnails|whep)/cameras/([0-9a-fA-F-]{36})(?:/index\\.m3u8|/objects/[^/]+|\\.mp4|/latest\\.jpg)?$");

    /** The access a request is, or null when it is none. */
    static PlaybackPath of(String method, String path) {
        if (path == null) {
            return null;
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        Kind kind = switch (m.group(1)) {
            case "hls" -> path.endsWith("/index.m3u8") || path.contains("/objects/") ? Kind.RECORDED : null;
            case "clips" -> path.endsWith(".mp4") ? Kind.CLIP : null;
            case "snapshots" -> path.endsWith(m.group(2)) ? Kind.SNAPSHOT : null;
            case "thumbnails" -> Kind.THUMBNAIL;
            default -> "POST".equals(method) && path.endsWith(m.group(2)) ? Kind.LIVE : null;
        };
        if (kind == null || ("GET".equals(method) != (kind != Kind.LIVE))) {
            return null;
        }
        try {
            return new PlaybackPath(kind, UUID.fromString(m.group(2)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
