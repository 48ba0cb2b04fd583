package io.zonecam.control.security;

import io.zonecam.contracts.token.TokenKind;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.Node;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * PictureUrls makes the URLs of a stream node's picture routes: snapshots ({@code /snapshots/cameras/<id>}) and
 * thumbnails ({@code /thumbnails/cameras/<id>[/latest.jpg]}), either signed here with a short-lived token or around a
 * playback token the caller already holds. It sits beside {@link TokenKeys} because three features sign them: the
 * camera grid, playback answers and snapshots.
 */
@ApplicationScoped
public class PictureUrls {

    private final TokenKeys keys;
    private final Duration ttl;

    /** A signed picture URL and when its token expires. */
    public record Signed(String url, Instant expiresAt) {}

    /** What picture a snapshot URL asks for; {@code at} null for the live picture. */
    public record Snapshot(Instant at, String size, boolean exact, String format) {}

    public PictureUrls(TokenKeys keys, ZonecamConfig config) {
        this.keys = keys;
        this.ttl = config.pictures().urlTtl();
    }

    /**
     * A snapshot URL on the camera's node. Live pictures carry a live token; recorded ones a recorded token whose
     * range is the one second holding {@code at}, so the URL opens that moment and nothing else of the recordings.
     */
    public Signed snapshot(Camera camera, Node node, Snapshot picture, Instant now) {
        StringBuilder query = new StringBuilder();
        TokenKeys.Issued issued;
        if (picture.at() == null) {
            issued = keys.issue(TokenKind.LIVE, camera.id, camera.organizationId, null, null, null, now, ttl);
        } else {
            Instant from = picture.at().truncatedTo(ChronoUnit.SECONDS);
            issued = keys.issue(
                    TokenKind.RECORDED, camera.id, camera.organizationId, null, from, from.plusSeconds(1), now, ttl);
            query.append("at=")
                    .append(picture.at())
                    .append("&exact=")
                    .append(picture.exact())
                    .append('&');
        }
        query.append("size=").append(picture.size()).append("&format=").append(picture.format());
        String url =
                node.httpUrl + "/snapshots/cameras/" + camera.id + "?" + query + "&token=" + encode(issued.token());
        return new Signed(url, issued.expiresAt());
    }

    /** The newest-thumbnail URL of a camera, with a fresh live token of its own. */
    public Signed latestThumbnail(Camera camera, Node node, Instant now) {
        TokenKeys.Issued issued =
                keys.issue(TokenKind.LIVE, camera.id, camera.organizationId, null, null, null, now, ttl);
        return new Signed(latestThumbnail(node, camera.id, issued.token()), issued.expiresAt());
    }

    /** The newest-thumbnail URL of a camera around a live or recorded token of that camera. */
    public static String latestThumbnail(Node node, UUID cameraId, String token) {
        return node.httpUrl + "/thumbnails/cameras/" + cameraId + "/latest.jpg?token=" + encode(token);
    }

    /**
     * The timeline-thumbnail URL of a camera around a recorded token, without {@code at}: the viewer appends
     * {@code &at=<date-time>} for any moment inside the token's range.
     */
    public static String timelineThumbnails(Node node, UUID cameraId, String recordedToken) {
        return node.httpUrl + "/thumbnails/cameras/" + cameraId + "?token=" + encode(recordedToken);
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.US_ASCII);
    }
}
