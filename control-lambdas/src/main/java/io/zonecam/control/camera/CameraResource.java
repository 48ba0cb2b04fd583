package io.zonecam.control.camera;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.zonecam.control.audit.AuditActions;
import io.zonecam.control.audit.AuditTrail;
import io.zonecam.control.audit.Audited;
import io.zonecam.control.camera.CameraModels.Assignment;
import io.zonecam.control.camera.CameraModels.CameraClaim;
import io.zonecam.control.camera.CameraModels.CameraPage;
import io.zonecam.control.camera.CameraModels.CameraUpdate;
import io.zonecam.control.camera.CameraModels.CameraView;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.problem.PageRequest;
import io.zonecam.control.problem.Params;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.ClaimCodes;
import io.zonecam.control.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** CameraResource serves an organization's cameras. */
@Path("/v1/cameras")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CameraResource {

    private static final Set<String> STATUSES = Set.of("registered", "online", "not_publishing", "offline");
    private static final String INCLUDE_THUMBNAIL = "thumbnail";

    @Inject
    CameraService cameras;

    @Inject
    CameraClaims claims;

    @Inject
    ClaimThrottle throttle;

    @Inject
    Caller caller;

    @Inject
    AuditTrail audit;

    @GET
    @RolesAllowed({Roles.OWNER, Roles.VIEWER})
    @Operation(operationId = "listCameras")
    public Uni<CameraPage> listCameras(
            @BeanParam PageRequest page,
            @QueryParam("status") String status,
            @QueryParam("zone") String zone,
            @QueryParam("q") String q,
            @QueryParam("include") String include) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be one of registered, online, not_publishing, offline");
        }
        if (include != null && !INCLUDE_THUMBNAIL.equals(include)) {
            throw ProblemException.invalid("include", "must be thumbnail");
        }
        return cameras.list(
                caller.organizationId(),
                page.limit(),
                page.cursor(),
                status,
                Params.text("zone", zone, 32),
                Params.text("q", q, 100),
                include != null);
    }

    @POST
    @RolesAllowed(Roles.OWNER)
    @Operation(operationId = "registerCamera")
    public Uni<Response> registerCamera(@Valid @NotNull CameraClaim body, @Context HttpServerRequest request) {
        ClaimCodes.requireVaried("claimCode", body.claimCode());
        UUID organizationId = caller.organizationId();
        // The peer address: API Gateway's sourceIp on Lambda, the TCP peer locally; never a client-set header.
        String address =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        throttle.admit(organizationId, address);
        // The claim runs its own transaction on one pooled connection (ClaimRepository); its entry is appended there.
        return claims.claim(
                        organizationId,
                        body,
                        audit.on(c -> c.created()
                                ? Audited.of(
                                        AuditActions.CAMERA_CREATED,
                                        c.registration().camera().id())
                                : null))
                .onFailure(ProblemException.class)
                .invoke(e -> {
                    if ("claim-refused".equals(((ProblemException) e).slug())) {
                        throttle.refused(organizationId, address);
                    }
                })
                .map(c -> c.created()
                        ? Response.created(URI.create("/v1/cameras/"
                                        + c.registration().camera().id()))
                                .entity(c.registration())
                                .build()
                        : Response.ok(c.registration()).build());
    }

    @GET
    @Path("/{cameraId}")
    @RolesAllowed({Roles.OWNER, Roles.VIEWER})
    @Operation(operationId = "getCamera")
    public Uni<CameraView> getCamera(@PathParam("cameraId") String cameraId) {
        return cameras.get(caller.organizationId(), Ids.uuid("cameraId", cameraId));
    }

    @PATCH
    @Path("/{cameraId}")
    @RolesAllowed(Roles.OWNER)
    @Operation(operationId = "updateCamera")
    public Uni<CameraView> updateCamera(@PathParam("cameraId") String cameraId, @Valid @NotNull CameraUpdate body) {
        UUID camera = Ids.uuid("cameraId", cameraId);
        return audit.record(
                () -> cameras.update(caller.organizationId(), camera, body.name(), body.retentionDays()),
                view -> Audited.of(
                                body.retentionDays() == null
                                        ? AuditActions.CAMERA_UPDATED
                                        : AuditActions.RETENTION_CHANGED,
                                camera)
                        .detail("name", body.name())
                        .detail("retentionDays", body.retentionDays()));
    }

    @DELETE
    @Path("/{cameraId}")
    @RolesAllowed(Roles.OWNER)
    @Operation(operationId = "deregisterCamera")
    public Uni<Response> deregisterCamera(@PathParam("cameraId") String cameraId) {
        UUID camera = Ids.uuid("cameraId", cameraId);
        return audit.record(
                        () -> cameras.deregister(caller.organizationId(), camera),
                        v -> Audited.of(AuditActions.CAMERA_DELETED, camera))
                .map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{cameraId}/assignment")
    @RolesAllowed({Roles.OWNER, Roles.VIEWER})
    @Operation(operationId = "getCameraAssignment")
    public Uni<Assignment> getCameraAssignment(@PathParam("cameraId") String cameraId) {
        return cameras.assignment(caller.organizationId(), Ids.uuid("cameraId", cameraId));
    }
}
