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
import io.zonecam.control.fleet.FleetService;
import io.zonecam.control.fleet.NodeReports;
import io.zonecam.control.problem.PageCursor;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.EventRepository;
import io.zonecam.control.store.EventRepository.Search;
import io.zonecam.control.store.EventRepository.StoredEvent;
import io.zonecam.control.store.FleetRepository;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
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

    @Inject
    EventRepository events;

    @Inject
    FleetRepository fleet;

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
        Search search = new Search(
                organizationId,
                cameraId,
                type,
                from,
                to,
                after == null ? null : after.at(),
                after == null ? null : after.id());
        return ownCamera(organizationId, cameraId)
                .chain(() -> events.search(search, limit + 1))
                .map(rows -> {
                    PageCursor.Page<Event> page =
                            PageCursor.page(rows, limit, this::toEvent, e -> new PageCursor(e.occurredAt(), e.id()));
                    return new EventPage(page.items(), page.nextCursor());
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
     * Records the events a node of the caller's zone forwards from cameras: those within their camera's rate limit,
     * of cameras that exist (others are counted, not recorded). Any camera, not only the node's own: nodes share one
     * subscription to every camera's events topic, so the node that relays an event is rarely the camera's, and the
     * broker, which lets a camera publish only on its own topic, is what vouches for the camera. Recorder reports
     * (of cameras assigned to or publishing at that node) begin and end recording gaps in order; they are not
     * rate-limited (dropping an end would leave a gap open forever), and repeats change nothing.
     */
    @WithTransaction
    public Uni<CameraReportResult> report(String callerZone, UUID nodeId, List<CameraReport> reports) {
        Instant now = Timestamps.now();
        for (int i = 0; i < reports.size(); i++) {
            NodeReports.checkTime(
                    "reports[" + i + "].occurredAt", reports.get(i).occurredAt(), now);
        }
        return FleetService.nodeOfZone(nodeId, callerZone).chain(node -> {
            List<CameraReport> recorder =
                    reports.stream().filter(CameraReport::aboutRecording).toList();
            return reportScene(
                            nodeId,
                            reports.stream().filter(r -> !r.aboutRecording()).toList())
                    .chain(scene -> reportRecorder(nodeId, recorder)
                            .map(r -> new CameraReportResult(
                                    scene.accepted() + r.accepted(),
                                    scene.rateLimited(),
                                    scene.unknownCamera() + r.unknownCamera())));
        });
    }

    /** Applies recorder reports in order, one statement each (they are rare: a failure and its end). */
    private Uni<CameraReportResult> reportRecorder(UUID nodeId, List<CameraReport> reports) {
        if (reports.isEmpty()) {
            return Uni.createFrom().item(new CameraReportResult(0, 0, 0));
        }
        return fleet.camerasAt(
                        nodeId, reports.stream().map(CameraReport::cameraId).toList())
                .chain(known -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    int accepted = 0;
                    for (CameraReport r : reports) {
                        if (!known.contains(r.cameraId())) {
                            continue;
                        }
                        accepted++;
                        String data = recorderData(nodeId, r);
                        UUID id = r.id() == null ? UUID.randomUUID() : r.id();
                        chain = chain.chain(() -> ("recording-failed".equals(r.kind())
                                        ? fleet.recordingFailed(nodeId, id, r.cameraId(), r.occurredAt(), data)
                                        : fleet.recordingResumed(nodeId, id, r.cameraId(), r.occurredAt(), data))
                                .replaceWithVoid());
                    }
                    int n = accepted;
                    return chain.map(v -> new CameraReportResult(n, 0, reports.size() - n));
                });
    }

    private Uni<CameraReportResult> reportScene(UUID nodeId, List<CameraReport> reports) {
        List<UUID> ids = new ArrayList<>();
        List<UUID> cameras = new ArrayList<>();
        List<String> times = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (CameraReport r : reports) {
            if (limiter.admit(r.cameraId())) {
                ids.add(r.id() == null ? UUID.randomUUID() : r.id());
                cameras.add(r.cameraId());
                times.add(r.occurredAt().toString());
                data.add(reportData(nodeId, r));
            }
        }
        int limited = reports.size() - cameras.size();
        if (cameras.isEmpty()) {
            return Uni.createFrom().item(new CameraReportResult(0, limited, 0));
        }
        return events.recordOnce(
                        EventRepository.CAMERA_REPORTED,
                        "src as (select r.id, c.organization_id, c.id as camera_id, "
                                + "cast(r.at as timestamptz) as occurred_at, cast(r.data as jsonb) as data "
                                + "from unnest(cast(:ids as uuid[]), cast(:cams as uuid[]), cast(:ats as text[]), "
                                + "cast(:datas as text[])) as r(id, camera_id, at, data) "
                                + "join cameras c on c.id = r.camera_id "
                                + "and c.deleted_at is null)",
                        Map.of(
                                "ids", ids.toArray(UUID[]::new),
                                "cams", cameras.toArray(UUID[]::new),
                                "ats", times.toArray(String[]::new),
                                "datas", data.toArray(String[]::new)))
                .map(n -> new CameraReportResult(n.intValue(), limited, cameras.size() - n.intValue()));
    }

    private String recorderData(UUID nodeId, CameraReport r) {
        ObjectNode data = json.createObjectNode()
                .put("nodeId", nodeId.toString())
                .put("reason", FleetRepository.GAP_RECORDING_FAILED);
        if (r.detail() != null) {
            data.put("detail", r.detail());
        }
        return data.toString();
    }

    private String reportData(UUID nodeId, CameraReport r) {
        ObjectNode data = json.createObjectNode().put("kind", r.kind()).put("nodeId", nodeId.toString());
        if (r.snapshotAt() != null) {
            data.put("snapshotAt", r.snapshotAt().toString());
        }
        return data.toString();
    }

    /**
     * Succeeds when no camera is named or the camera is the organization's, deleted ones included (their history
     * stays searchable); another organization's camera is a 404 like a missing one. Audit search asks the same.
     */
    public static Uni<Void> ownCamera(UUID organizationId, UUID cameraId) {
        if (cameraId == null) {
            return Uni.createFrom().voidItem();
        }
        return Camera.count("id = ?1 and organizationId = ?2", cameraId, organizationId)
                .invoke(n -> {
                    if (n == 0) {
                        throw ProblemException.notFound("No camera " + cameraId + ".");
                    }
                })
                .replaceWithVoid();
    }
}
