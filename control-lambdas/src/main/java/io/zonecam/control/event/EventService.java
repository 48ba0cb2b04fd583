package io.zonecam.control.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.event.EventModels.CameraReport;
import io.zonecam.control.event.EventModels.CameraReportResult;
import io.zonecam.control.event.EventModels.Event;
import io.zonecam.control.event.EventModels.EventPage;
import io.zonecam.control.problem.PageCursor;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.EventRepository;
import io.zonecam.control.store.EventRepository.Search;
import io.zonecam.control.store.EventRepository.StoredEvent;
import io.zonecam.control.store.Node;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * EventService searches an organization's camera events and takes the events cameras report through their nodes.
 * Online, offline and moved events are recorded by the fleet's own statements ({@code store.FleetRepository}).
 */
@ApplicationScoped
public class EventService {

    /** Reported events may be this late (a node forwarding a backlog after an outage)... */
    static final Duration MAX_AGE = Duration.ofDays(7);
    /** ...and this early (clock skew between node and control plane). */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    @Inject
    EventRepository events;

    @Inject
    ReportLimiter limiter;

    @Inject
    ObjectMapper json;

    /**
     * One page of the organization's events, newest first. A camera of another organization answers 404 like a
     * missing one; a deregistered camera of the organization still has its events.
     */
    @WithSession
    public Uni<EventPage> search(
            UUID organizationId, UUID cameraId, String type, Instant from, Instant to, int limit, String cursor) {
        if (type != null && !EventRepository.TYPES.contains(type)) {
            throw ProblemException.invalid("type", "must be one of " + String.join(", ", EventRepository.TYPES));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        PageCursor after = PageCursor.decode(cursor);
        Uni<Void> camera = cameraId == null
                ? Uni.createFrom().voidItem()
                : Camera.count("id = ?1 and organizationId = ?2", cameraId, organizationId)
                        .invoke(n -> {
                            if (n == 0) {
                                throw ProblemException.notFound("No camera " + cameraId + ".");
                            }
                        })
                        .replaceWithVoid();
        Search search = new Search(
                organizationId,
                cameraId,
                type,
                from,
                to,
                after == null ? null : after.at(),
                after == null ? null : after.id());
        return camera.chain(() -> events.search(search, limit + 1)).map(rows -> {
            List<Event> items = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, rows.size()); i++) {
                items.add(toEvent(rows.get(i)));
            }
            StoredEvent last = rows.size() > limit ? rows.get(limit - 1) : null;
            return new EventPage(items, last == null ? null : new PageCursor(last.occurredAt(), last.id()).encode());
        });
    }

    /** The API form of a stored event (webhooks deliver the same). */
    public Event toEvent(StoredEvent e) {
        try {
            return new Event(
                    e.id(),
                    e.type(),
                    e.version(),
                    e.occurredAt(),
                    e.organizationId(),
                    e.cameraId(),
                    json.readTree(e.data()));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Records the events a node forwards from its cameras: those within their camera's rate limit, of cameras
     * assigned to or publishing at that node of the caller's zone (others are counted, not recorded).
     */
    @WithTransaction
    public Uni<CameraReportResult> report(String callerZone, UUID nodeId, List<CameraReport> reports) {
        Instant now = Timestamps.now();
        for (int i = 0; i < reports.size(); i++) {
            Instant at = reports.get(i).occurredAt();
            if (at.isBefore(now.minus(MAX_AGE)) || at.isAfter(now.plus(MAX_AHEAD))) {
                throw ProblemException.invalid(
                        "reports[" + i + "].occurredAt", "must be within the last 7 days and at most 5 minutes ahead");
            }
        }
        return Node.<Node>findById(nodeId).chain(node -> {
            if (node == null || !node.zoneId.equals(callerZone)) {
                throw ProblemException.notFound("No node " + nodeId + ".");
            }
            List<UUID> cameras = new ArrayList<>();
            List<String> times = new ArrayList<>();
            List<String> data = new ArrayList<>();
            for (CameraReport r : reports) {
                if (limiter.admit(r.cameraId())) {
                    cameras.add(r.cameraId());
                    times.add(r.occurredAt().toString());
                    data.add(reportData(nodeId, r));
                }
            }
            int limited = reports.size() - cameras.size();
            if (cameras.isEmpty()) {
                return Uni.createFrom().item(new CameraReportResult(0, limited, 0));
            }
            return events.record(
                            EventRepository.CAMERA_REPORTED,
                            "src as (select c.organization_id, c.id as camera_id, "
                                    + "cast(r.at as timestamptz) as occurred_at, cast(r.data as jsonb) as data "
                                    + "from unnest(cast(:cams as uuid[]), cast(:ats as text[]), cast(:datas as text[])) "
                                    + "as r(camera_id, at, data) join cameras c on c.id = r.camera_id "
                                    + "and c.deleted_at is null and (c.node_id = :node or c.online_node_id = :node))",
                            Map.of(
                                    "cams", cameras.toArray(UUID[]::new),
                                    "ats", times.toArray(String[]::new),
                                    "datas", data.toArray(String[]::new),
                                    "node", nodeId))
                    .map(n -> new CameraReportResult(n.intValue(), limited, cameras.size() - n.intValue()));
        });
    }

    private String reportData(UUID nodeId, CameraReport r) {
        ObjectNode data = json.createObjectNode().put("kind", r.kind()).put("nodeId", nodeId.toString());
        if (r.snapshotAt() != null) {
            data.put("snapshotAt", r.snapshotAt().toString());
        }
        return data.toString();
    }
}
