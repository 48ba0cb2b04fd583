package io.zonecam.control.playback;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.audit.AuditActions;
import io.zonecam.control.audit.AuditTrail;
import io.zonecam.control.audit.Audited;
import io.zonecam.control.playback.PlaybackModels.ShareLinkPage;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.problem.PageRequest;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** ShareLinkResource lists an organization's share links and revokes them (owners). */
@Path("/v1/shares")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OWNER)
public class ShareLinkResource {

    @Inject
    ShareLinkService shares;

    @Inject
    Caller caller;

    @Inject
    AuditTrail audit;

    @GET
    @Operation(operationId = "listShareLinks")
    public Uni<ShareLinkPage> listShareLinks(@QueryParam("cameraId") String cameraId, @BeanParam PageRequest page) {
        return shares.list(
                caller.organizationId(),
                cameraId == null ? null : Ids.uuid("cameraId", cameraId),
                page.limit(),
                page.cursor());
    }

    @DELETE
    @Path("/{shareId}")
    @Operation(operationId = "revokeShareLink")
    public Uni<Response> revokeShareLink(@PathParam("shareId") String shareId) {
        UUID share = Ids.uuid("shareId", shareId);
        return audit.record(
                        () -> shares.revoke(caller.organizationId(), share, caller.describe()),
                        v -> Audited.of(AuditActions.SHARE_REVOKED, null).target(share))
                .map(v -> Response.noContent().build());
    }
}
