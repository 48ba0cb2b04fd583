package io.zonecam.control.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.audit.AuditModels.AccessRecord;
import io.zonecam.control.audit.AuditModels.AccessResult;
import io.zonecam.control.audit.AuditModels.AuditEntry;
import io.zonecam.control.audit.AuditModels.AuditPage;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.event.EventService;
import io.zonecam.control.event.ReportLimiter;
import io.zonecam.control.fleet.FleetService;
import io.zonecam.control.fleet.NodeReports;
import io.zonecam.control.problem.PageCursor;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.store.AuditRepository;
import io.zonecam.control.store.AuditRepository.AccessBatch;
import io.zonecam.control.store.AuditRepository.Search;
import io.zonecam.control.store.AuditRepository.StoredEntry;
import io.zonecam.control.store.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * AuditService searches and exports an organization's audit log and takes the access records stream nodes report.
 * Entries of API calls are appended by {@link AuditTrail}.
 */
@ApplicationScoped
public class AuditService {

    /** Rows per query of an export. */
    static final int EXPORT_PAGE = 500;

    private final AuditRepository entries;
    private final ReportLimiter limiter;
    private final Counter outsideZone;
    private final Duration exportMaxRange;
    private final int exportMaxEntries;
    private final ObjectMapper json;

    public AuditService(AuditRepository entries, ZonecamConfig config, MeterRegistry registry, ObjectMapper json) {
        this.entries = entries;
        this.json = json;
        this.exportMaxRange = config.audit().exportMaxRange();
        this.exportMaxEntries = config.audit().exportMaxEntries();
        this.limiter = ReportLimiter.perMinute(
                config.audit().accessRecordsPerNodePerMinute(),
                registry,
                "zonecam.audit.access.refused",
                "Access records refused by the per-node rate limit");
        this.outsideZone = Counter.builder("zonecam.audit.access.outside.zone")
                .description("Access records of cameras outside the reporting node's zone, dropped")
                .register(registry);
    }

    /** The filters of a search or export, checked; from/to may be null. */
    public record Filter(UUID cameraId, String action, String actor, Instant from, Instant to) {}

    /**
     * One page of the organization's entries, newest first. A camera of another organization answers 404 like a
     * missing one.
     */
    @WithSession
    public Uni<AuditPage> search(UUID organizationId, Filter f, int limit, String cursor) {
        check(f);
        PageCursor after = PageCursor.decode(cursor);
        return EventService.ownCamera(organizationId, f.cameraId())
                .chain(() -> entries.search(search(organizationId, f, after), limit + 1))
                .map(rows -> {
                    PageCursor.Page<AuditEntry> page =
                            PageCursor.page(rows, limit, this::toEntry, e -> new PageCursor(e.occurredAt(), e.id()));
                    return new AuditPage(page.items(), page.nextCursor());
                });
    }

    /** An export: NDJSON lines, and where to continue when the range held more than one export may carry. */
    public record Export(String ndjson, String nextCursor) {}

    /**
     * The organization's entries in [from, to) as NDJSON lines, newest first, read {@link #EXPORT_PAGE} rows per
     * query. The range is required and at most {@code zonecam.audit.export-max-range}; one export carries at most
     * {@code zonecam.audit.export-max-entries} (a Lambda answer is buffered whole, at most 6 MB) and says where to
     * continue.
     */
    @WithSession
    public Uni<Export> export(UUID organizationId, Filter f, String cursor) {
        if (f.from() == null || f.to() == null) {
            throw ProblemException.invalid(f.from() == null ? "from" : "to", "is required for an export");
        }
        check(f);
        if (Duration.between(f.from(), f.to()).compareTo(exportMaxRange) > 0) {
            throw ProblemException.invalid("to", "an export may cover at most " + exportMaxRange.toDays() + " days");
        }
        PageCursor after = PageCursor.decode(cursor);
        return EventService.ownCamera(organizationId, f.cameraId())
                .chain(() -> exportFrom(organizationId, f, after, new StringBuilder(), 0));
    }

    private Uni<Export> exportFrom(UUID organizationId, Filter f, PageCursor after, StringBuilder out, int done) {
        int want = Math.min(EXPORT_PAGE, exportMaxEntries - done);
        return entries.search(search(organizationId, f, after), want + 1).chain(rows -> {
            for (int i = 0; i < Math.min(want, rows.size()); i++) {
                out.append(line(rows.get(i)));
            }
            if (rows.size() <= want) {
                return Uni.createFrom().item(new Export(out.toString(), null));
            }
            StoredEntry last = rows.get(want - 1);
            PageCursor next = new PageCursor(last.occurredAt(), last.id());
            if (done + want >= exportMaxEntries) {
                return Uni.createFrom().item(new Export(out.toString(), next.encode()));
            }
            return exportFrom(organizationId, f, next, out, done + want);
        });
    }

    /**
     * Stores the access records a node reports: those within the node's rate limit, of cameras in the node's zone,
     * each under its camera's organization; the others are counted, not stored. A record stored before (same id, a
     * retried batch) counts as accepted and is left as it was.
     */
    @WithTransaction
    public Uni<AccessResult> report(String callerZone, UUID nodeId, List<AccessRecord> records) {
        Instant now = Timestamps.now();
        for (int i = 0; i < records.size(); i++) {
            AccessRecord r = records.get(i);
            NodeReports.checkTime("records[" + i + "].startedAt", r.startedAt(), now);
            if (r.endedAt().isBefore(r.startedAt()) || r.endedAt().isAfter(now.plus(NodeReports.MAX_AHEAD))) {
                throw ProblemException.invalid(
                        "records[" + i + "].endedAt", "must be at or after startedAt and at most 5 minutes ahead");
            }
        }
        return FleetService.nodeOfZone(nodeId, callerZone).chain(node -> {
            List<AccessRecord> admitted =
                    records.stream().filter(r -> limiter.admit(nodeId)).toList();
            int limited = records.size() - admitted.size();
            if (admitted.isEmpty()) {
                return Uni.createFrom().item(new AccessResult(0, limited, 0));
            }
            AccessBatch batch = new AccessBatch(
                    admitted.stream().map(AccessRecord::id).toArray(UUID[]::new),
                    admitted.stream().map(AccessRecord::tokenId).toArray(UUID[]::new),
                    admitted.stream().map(AccessRecord::cameraId).toArray(UUID[]::new),
                    admitted.stream()
                            .map(r -> AuditActions.ACCESS_PREFIX + r.kind())
                            .toArray(String[]::new),
                    admitted.stream().map(r -> r.startedAt().toString()).toArray(String[]::new),
                    admitted.stream().map(r -> r.endedAt().toString()).toArray(String[]::new),
                    admitted.stream().map(AccessRecord::bytes).toArray(Long[]::new),
                    admitted.stream().map(AccessRecord::clientAddress).toArray(String[]::new));
            return entries.appendAccess(callerZone, nodeId, batch).map(outcome -> {
                int outside = admitted.size() - (int) outcome.ofZone();
                outsideZone.increment(outside);
                return new AccessResult((int) outcome.ofZone(), limited, outside);
            });
        });
    }

    private static void check(Filter f) {
        if (f.action() != null && !AuditActions.ALL.contains(f.action())) {
            throw ProblemException.invalid("action", "must be one of " + String.join(", ", AuditActions.ALL));
        }
        if (f.from() != null && f.to() != null && !f.from().isBefore(f.to())) {
            throw ProblemException.invalid("to", "must be after from");
        }
    }

    private static Search search(UUID organizationId, Filter f, PageCursor after) {
        return new Search(
                organizationId,
                f.cameraId(),
                f.action(),
                f.actor(),
                f.from(),
                f.to(),
                after == null ? null : after.at(),
                after == null ? null : after.id());
    }

    private String line(StoredEntry e) {
        try {
            return json.writeValueAsString(toEntry(e)) + "\n";
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private AuditEntry toEntry(StoredEntry e) {
        try {
            return new AuditEntry(
                    e.id(),
                    e.occurredAt(),
                    e.action(),
                    e.actor(),
                    e.cameraId(),
                    e.targetId(),
                    e.tokenId(),
                    e.rangeFrom(),
                    e.rangeTo(),
                    e.clientAddress(),
                    e.nodeId(),
                    e.endedAt(),
                    e.bytes(),
                    e.details() == null ? null : json.readTree(e.details()));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
