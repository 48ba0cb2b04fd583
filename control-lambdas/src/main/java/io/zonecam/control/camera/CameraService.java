package io.zonecam.control.camera;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.allocation.AllocationService;
import io.zonecam.control.camera.CameraModels.Assignment;
import io.zonecam.control.camera.CameraModels.CameraPage;
import io.zonecam.control.camera.CameraModels.CameraView;
import io.zonecam.control.identity.CertificateService;
import io.zonecam.control.problem.PageCursor;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.PictureUrls;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.CameraListRepository;
import io.zonecam.control.store.Node;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/** CameraService lists, changes and deregisters an organization's cameras (claims: {@link CameraClaims}). */
@ApplicationScoped
public class CameraService {

    private static final Logger LOG = Logger.getLogger(CameraService.class);

    @Inject
    AllocationService allocation;

    @Inject
    CertificateService certificates;

    @Inject
    PictureUrls pictures;

    @Inject
    CameraListRepository listed;

    @WithSession
    public Uni<CameraView> get(UUID organizationId, UUID cameraId) {
        return find(organizationId, cameraId).map(CameraView::of);
    }

    /**
     * One page of the organization's cameras ordered by creation, with optional filters; with {@code thumbnails}
     * each camera on a live node carries its newest-thumbnail URL, signed for it alone.
     *
     * <p>SQL rather than HQL for two conditions PostgreSQL must see as index ranges also in the generic plan of a
     * cached prepared statement (V12): the cursor as a row comparison, and the name prefix as byte-order bounds
     * ({@code ~>=~}, {@code ~<~}) beside the {@code like}, which alone is a range only when its pattern is a constant
     * at planning (a generic plan of the search read all 50,000 cameras of an organization: 6,400 buffers, 29 ms,
     * against 6 buffers with the bounds).
     */
    public Uni<CameraPage> list(
            UUID organizationId, int limit, String cursor, String status, String zone, String q, boolean thumbnails) {
        StringBuilder where = new StringBuilder("select " + CameraListRepository.COLUMNS
                + " from cameras where organization_id = :org and deleted_at is null");
        var params = new java.util.HashMap<String, Object>();
        params.put("org", organizationId);
        if (cursor != null && !cursor.isEmpty()) {
            PageCursor c = PageCursor.decode(cursor);
            where.append(" and (created_at, id) > (:ct, :cid)");
            params.put("ct", c.at());
            params.put("cid", c.id());
        }
        if (CameraView.NOT_PUBLISHING.equals(status)) {
            where.append(" and status <> 'online' and bus_state = 'connected'");
        } else if (Camera.ONLINE.equals(status)) {
            where.append(" and status = 'online'");
        } else if (status != null) {
            // registered and offline exclude cameras on the bus, which show as not_publishing (CameraView.of)
            where.append(" and status = :status and (bus_state is null or bus_state <> 'connected')");
            params.put("status", status);
        }
        if (zone != null) {
            where.append(" and zone_id = :zone");
            params.put("zone", zone);
        }
        if (q != null && !q.isEmpty()) {
            String prefix = q.toLowerCase(Locale.ROOT);
            where.append(" and lower(name) ~>=~ :from");
            params.put("from", prefix);
            String to = prefixEnd(prefix);
            if (to != null) {
                where.append(" and lower(name) ~<~ :to");
                params.put("to", to);
            }
            where.append(" and lower(name) like :q escape '\\'");
            params.put("q", prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        where.append(" order by created_at, id");
        where.append(" limit :n");
        params.put("n", limit + 1);
        // One statement on the reactive client, no session (CameraListRepository).
        return listed.cameras(where.toString(), params)
                .chain(cameras -> thumbnails
                        ? nodesOf(cameras).map(nodes -> page(cameras, limit, nodes))
                        : Uni.createFrom().item(page(cameras, limit, null)));
    }

    /**
     * The least string above every string that starts with {@code prefix}, in byte order (UTF-8 keeps code point
     * order): the prefix with its last character one higher; null when that is no character of its own.
     */
    static String prefixEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        if (last >= Character.MIN_SURROGATE - 1 && last <= Character.MAX_SURROGATE || last == Character.MAX_VALUE) {
            return null;
        }
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    /** The live nodes of the cameras of a page, in one query, by id. */
    private Uni<Map<UUID, Node>> nodesOf(List<Camera> cameras) {
        List<UUID> ids = cameras.stream()
                .map(c -> c.nodeId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        return ids.isEmpty() ? Uni.createFrom().item(Map.of()) : listed.liveNodes(ids);
    }

    /** The page of the first {@code limit} cameras; {@code nodes} non-null: with thumbnails signed on them. */
    private CameraPage page(List<Camera> cameras, int limit, Map<UUID, Node> nodes) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PageCursor.Page<CameraView> page = PageCursor.page(
                cameras,
                limit,
                camera -> {
                    CameraView view = CameraView.of(camera);
                    Node node = nodes == null || camera.nodeId == null ? null : nodes.get(camera.nodeId);
                    return node == null
                            ? view
                            : view.withThumbnail(
                                    pictures.latestThumbnail(camera, node, now).url());
                },
                camera -> new PageCursor(camera.createdAt, camera.id));
        return new CameraPage(page.items(), page.nextCursor());
    }

    @WithTransaction
    public Uni<CameraView> update(UUID organizationId, UUID cameraId, String name, Integer retentionDays) {
        if (name == null && retentionDays == null) {
            throw ProblemException.badRequest("Give at least one of name and retentionDays.");
        }
        return find(organizationId, cameraId).map(camera -> {
            if (name != null) {
                camera.name = name.strip();
            }
            if (retentionDays != null) {
                camera.retentionDays = retentionDays;
            }
            camera.updatedAt = Timestamps.now();
            return CameraView.of(camera);
        });
    }

    /**
     * Deregisters: revokes the device secret and the camera's certificates (the broker refuses it from now on), frees
     * the serial and the node slot; recordings age out normally.
     */
    @WithTransaction
    public Uni<Void> deregister(UUID organizationId, UUID cameraId) {
        return find(organizationId, cameraId).chain(camera -> {
            camera.deletedAt = Timestamps.now();
            camera.secretHash = null;
            camera.updatedAt = camera.deletedAt;
            LOG.infof("camera %s deregistered from organization %s", cameraId, organizationId);
            return certificates.revokeCamera(cameraId).chain(() -> allocation.release(camera.nodeId));
        });
    }

    @WithSession
    public Uni<Assignment> assignment(UUID organizationId, UUID cameraId) {
        return find(organizationId, cameraId)
                .chain(camera -> assignmentOf(camera)
                        .onItem()
                        .ifNull()
                        .failWith(() -> ProblemException.conflict(
                                "unassigned",
                                "Camera " + cameraId
                                        + " has no stream node yet: its zone has no active node with room.")));
    }

    /** The camera's assignment, or null when it has no node. */
    public static Uni<Assignment> assignmentOf(Camera camera) {
        if (camera.nodeId == null) {
            return Uni.createFrom().nullItem();
        }
        return Node.<Node>findById(camera.nodeId).map(node -> Assignment.of(camera, node));
    }

    /** A camera and the live node that serves it (its assigned node; recordings of every node are shared). */
    public record Served(Camera camera, Node node) {}

    /**
     * The organization's camera and the node that serves it: 404 for no such camera (also another organization's),
     * 409 when it has no live node.
     */
    public static Uni<Served> served(UUID organizationId, UUID cameraId) {
        return find(organizationId, cameraId).chain(camera -> {
            if (camera.nodeId == null) {
                throw ProblemException.conflict("unassigned", "Camera " + camera.id + " has no stream node.");
            }
            return Node.<Node>findById(camera.nodeId).map(node -> {
                if (node == null || Node.DEAD.equals(node.state)) {
                    throw ProblemException.conflict("unassigned", "Camera " + camera.id + " has no live stream node.");
                }
                return new Served(camera, node);
            });
        });
    }

    /** The camera if it is live in the organization; 404 otherwise, also for other organizations' cameras. */
    public static Uni<Camera> find(UUID organizationId, UUID cameraId) {
        return Camera.findLive(organizationId, cameraId)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No camera " + cameraId + "."));
    }
}
