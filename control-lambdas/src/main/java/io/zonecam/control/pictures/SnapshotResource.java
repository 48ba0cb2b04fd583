package io.zonecam.control.pictures;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.audit.AuditActions;
import io.zonecam.control.audit.AuditTrail;
import io.zonecam.control.audit.Audited;
import io.zonecam.control.pictures.PictureModels.SnapshotRequest;
import io.zonecam.control.pictures.PictureModels.SnapshotUrl;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** SnapshotResource gives members of a camera's organization signed URLs of its live or recorded pictures. */
@Path("/v1/cameras/{cameraId}/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OWNER, Roles.VIEWER})
public class SnapshotResource {

    @Inject
    SnapshotService snapshots;

    @Inject
    Caller caller;

    @Inject
    AuditTrail audit;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createSnapshot")
    public Uni<SnapshotUrl> createSnapshot(@PathParam("cameraId") String cameraId, @Valid SnapshotRequest body) {
        UUID camera = Ids.uuid("cameraId", cameraId);
        SnapshotRequest request = Objects.requireNonNullElseGet(body, SnapshotRequest::new);
        return audit.record(
                () -> snapshots.snapshot(caller.organizationId(), camera, request),
                url -> Audited.of(AuditActions.SNAPSHOT_ISSUED, camera)
                        .tokenInUrl(url.url())
                        .range(request.at, null));
    }
}
