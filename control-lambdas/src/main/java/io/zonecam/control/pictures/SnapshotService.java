package io.zonecam.control.pictures;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.camera.CameraService;
import io.zonecam.control.pictures.PictureModels.SnapshotRequest;
import io.zonecam.control.pictures.PictureModels.SnapshotUrl;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.PictureUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * SnapshotService signs snapshot URLs on the node that serves a camera: the live picture, or the recorded one at a
 * moment. The node decodes; this only checks the request and signs a token for that one picture.
 */
@ApplicationScoped
public class SnapshotService {

    /** No recording is older than this (the spec's bound on recorded moments). */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    @Inject
    PictureUrls urls;

    @WithSession
    public Uni<SnapshotUrl> snapshot(UUID organizationId, UUID cameraId, SnapshotRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PictureUrls.Snapshot picture = picture(request, Instant.now());
        return CameraService.served(organizationId, cameraId).map(s -> {
            PictureUrls.Signed signed = urls.snapshot(s.camera(), s.node(), picture, now);
            return new SnapshotUrl(signed.url(), signed.expiresAt());
        });
    }

    /** The request checked against the spec's bounds, with its defaults filled in. */
    static PictureUrls.Snapshot picture(SnapshotRequest r, Instant now) {
        boolean exact = Boolean.TRUE.equals(r.exact);
        if (r.at != null) {
            if (r.at.isBefore(EARLIEST)) {
                throw ProblemException.invalid("at", "must not be before " + EARLIEST);
            }
            if (r.at.isAfter(now)) {
                throw ProblemException.invalid("at", "must not be in the future");
            }
        } else if (exact) {
            throw ProblemException.invalid("exact", "applies to recorded pictures only: give at");
        }
        return new PictureUrls.Snapshot(
                r.at, Objects.requireNonNullElse(r.size, "full"), exact, Objects.requireNonNullElse(r.format, "jpeg"));
    }
}
