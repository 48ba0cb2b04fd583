package io.zonecam.control.playback;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.control.camera.CameraService;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.playback.PlaybackModels.PlaybackUrl;
import io.zonecam.control.playback.PlaybackModels.ShareLink;
import io.zonecam.control.playback.cdn.CdnSigner;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.PictureUrls;
import io.zonecam.control.security.TokenKeys;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.Node;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * PlaybackService signs playback URLs: live (the WHEP endpoint of the camera's node) and recorded (an HLS playlist
 * and an MP4 clip for a range). Tokens name one camera, one kind and, for recordings, one range.
 */
@ApplicationScoped
public class PlaybackService {

    private static final Logger LOG = Logger.getLogger(PlaybackService.class);
    /** No recording is older than this (the spec's bound on recorded ranges). */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private final TokenKeys keys;
    private final Duration liveTtl;
    private final Duration recordedTtl;
    private final Duration maxRange;
    private final String viewerUrl;
    private final CdnSigner cdn;

    public PlaybackService(TokenKeys keys, ZonecamConfig config, CdnSigner cdn) {
        this.keys = keys;
        this.cdn = cdn;
        this.liveTtl = config.tokens().liveTtl();
        this.recordedTtl = config.tokens().recordedTtl();
        this.maxRange = config.playback().maxRange();
        this.viewerUrl = config.playback().viewerUrl().replaceAll("/+$", "");
    }

    @WithSession
    public Uni<PlaybackUrl> live(UUID organizationId, UUID cameraId) {
        Instant now = now();
        return served(organizationId, cameraId, (camera, node) -> {
            TokenKeys.Issued live =
                    keys.issue(TokenKind.LIVE, camera.id, camera.organizationId, null, null, null, now, liveTtl);
            return new PlaybackUrl(
                    "live",
                    node.httpUrl + "/whep/cameras/" + camera.id,
                    null,
                    live.token(),
                    live.expiresAt(),
                    PictureUrls.latestThumbnail(node, camera.id, live.token()),
                    null);
        });
    }

    @WithSession
    public Uni<PlaybackUrl> recorded(UUID organizationId, UUID cameraId, Instant from, Instant to) {
        return recorded(organizationId, cameraId, from, to, recordedTtl);
    }

    /**
     * A share link: the viewer's share page with a recorded playlist whose token lives as long as the link. The link
     * is recorded (with its token's id, not the token) so it can be listed and revoked.
     */
    @WithTransaction
    public Uni<ShareLink> share(
            UUID organizationId, UUID cameraId, Instant from, Instant to, Duration lifetime, String createdBy) {
        Instant now = now();
        Range range = range(from, to, now);
        return served(organizationId, cameraId, (camera, node) -> signed(camera, node, range, now, lifetime))
                .chain(signed -> {
                    io.zonecam.control.store.ShareLink link = new io.zonecam.control.store.ShareLink();
                    link.id = UUID.randomUUID();
                    link.organizationId = organizationId;
                    link.cameraId = cameraId;
                    link.tokenId = signed.issued().tokenId();
                    link.rangeFrom = range.start();
                    link.rangeTo = range.end();
                    link.expiresAt = signed.issued().expiresAt();
                    link.createdBy = createdBy;
                    link.createdAt = Timestamps.now();
                    PlaybackUrl p = signed.url();
                    String url = viewerUrl
                            + "/share.html#playlist=" + URLEncoder.encode(p.url(), StandardCharsets.UTF_8)
                            + "&clip=" + URLEncoder.encode(p.clipUrl(), StandardCharsets.UTF_8)
                            + "&expires=" + p.expiresAt();
                    LOG.infof(
                            "share link %s of camera %s created by %s, expires %s",
                            link.id, cameraId, createdBy, link.expiresAt);
                    return link.<io.zonecam.control.store.ShareLink>persist().map(saved -> ShareLink.of(link, url));
                });
    }

    private Uni<PlaybackUrl> recorded(UUID organizationId, UUID cameraId, Instant from, Instant to, Duration ttl) {
        Instant now = now();
        Range range = range(from, to, now);
        return served(
                organizationId,
                cameraId,
                (camera, node) -> signed(camera, node, range, now, ttl).url());
    }

    /** A recorded range, whole seconds. */
    private record Range(Instant start, Instant end) {}

    /** A recorded playback URL and its token. */
    private record Signed(PlaybackUrl url, TokenKeys.Issued issued) {}

    private Range range(Instant from, Instant to, Instant now) {
        Instant start = from.truncatedTo(ChronoUnit.SECONDS);
        Instant end = to.truncatedTo(ChronoUnit.SECONDS);
        if (start.isBefore(EARLIEST)) {
            throw ProblemException.invalid("from", "must not be before " + EARLIEST);
        }
        if (!end.isAfter(start)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        if (Duration.between(start, end).compareTo(maxRange) > 0) {
            throw ProblemException.invalid("to", "the range may cover at most " + maxRange.toHours() + " hours");
        }
        if (start.isAfter(now)) {
            throw ProblemException.invalid("from", "must not be in the future");
        }
        return new Range(start, end);
    }

    private Signed signed(Camera camera, Node node, Range range, Instant now, Duration ttl) {
        TokenKeys.Issued recorded = keys.issue(
                TokenKind.RECORDED, camera.id, camera.organizationId, null, range.start(), range.end(), now, ttl);
        String query = "?from=" + range.start() + "&to=" + range.end() + "&token="
                + URLEncoder.encode(recorded.token(), StandardCharsets.US_ASCII);
        // With a CDN, the node's playlist points the objects at CloudFront under this signature (same lifetime).
        String objects = cdn.objectsQuery(camera.id.toString(), range.start(), range.end(), recorded.expiresAt())
                .map(q -> "&" + q)
                .orElse("");
        return new Signed(
                new PlaybackUrl(
                        "recorded",
                        node.httpUrl + "/hls/cameras/" + camera.id + "/index.m3u8" + query + objects,
                        node.httpUrl + "/clips/cameras/" + camera.id + ".mp4" + query,
                        recorded.token(),
                        recorded.expiresAt(),
                        null,
                        PictureUrls.timelineThumbnails(node, camera.id, recorded.token())),
                recorded);
    }

    /**
     * The organization's camera and the node that serves it: its assigned node (recordings of every node are in the
     * shared store). 404 for no such camera, 409 when it has no live node.
     */
    private static <T> Uni<T> served(UUID organizationId, UUID cameraId, BiFunction<Camera, Node, T> url) {
        return CameraService.served(organizationId, cameraId).map(s -> url.apply(s.camera(), s.node()));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
