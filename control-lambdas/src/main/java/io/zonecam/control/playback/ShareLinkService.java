package io.zonecam.control.playback;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.camera.CameraService;
import io.zonecam.control.playback.PlaybackModels.ShareLinkPage;
import io.zonecam.control.problem.PageCursor;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.store.ShareLink;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * ShareLinkService lists and revokes an organization's share links. A revoked link's token id reaches every stream
 * node with its next heartbeat answer ({@code fleet.FleetService}); the nodes refuse the token from then on.
 */
@ApplicationScoped
public class ShareLinkService {

    private static final Logger LOG = Logger.getLogger(ShareLinkService.class);

    /** One page of the organization's links (or of one of its cameras: {@code cameraId}), newest first. */
    @WithSession
    public Uni<ShareLinkPage> list(UUID organizationId, UUID cameraId, int limit, String cursor) {
        StringBuilder where = new StringBuilder("organizationId = :org");
        Map<String, Object> params = new HashMap<>();
        params.put("org", organizationId);
        if (cameraId != null) {
            where.append(" and cameraId = :camera");
            params.put("camera", cameraId);
        }
        PageCursor.newestFirst(PageCursor.decode(cursor), where, params);
        return ShareLink.<ShareLink>find(where.toString(), params)
                .page(0, limit + 1)
                .<ShareLink>list()
                .map(links -> {
                    var page = PageCursor.page(
                            links,
                            limit,
                            l -> PlaybackModels.ShareLink.of(l, null),
                            l -> new PageCursor(l.createdAt, l.id));
                    return new ShareLinkPage(page.items(), page.nextCursor());
                });
    }

    /** One camera's links; 404 for a camera the organization does not have. */
    @WithSession
    public Uni<ShareLinkPage> listOfCamera(UUID organizationId, UUID cameraId, int limit, String cursor) {
        return CameraService.find(organizationId, cameraId)
                .chain(camera -> list(organizationId, cameraId, limit, cursor));
    }

    /** Revokes a link (again: no change); 404 for a link of another organization or none. */
    @WithTransaction
    public Uni<Void> revoke(UUID organizationId, UUID shareId, String by) {
        return ShareLink.<ShareLink>find("id = ?1 and organizationId = ?2", shareId, organizationId)
                .firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No share link " + shareId + "."))
                .invoke(link -> {
                    if (link.revokedAt == null) {
                        link.revokedAt = Timestamps.now();
                        LOG.infof(
                                "share link %s of camera %s (token %s) revoked by %s",
                                link.id, link.cameraId, link.tokenId, by);
                    }
                })
                .replaceWithVoid();
    }
}
