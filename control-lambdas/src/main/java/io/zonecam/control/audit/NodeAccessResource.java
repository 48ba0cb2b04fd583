package io.zonecam.control.audit;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.audit.AuditModels.AccessRecords;
import io.zonecam.control.audit.AuditModels.AccessResult;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** NodeAccessResource takes the access records of a stream node: who watched, by token (node enrollment key). */
@Path("/v1/nodes/{nodeId}/access")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NodeAccessResource {

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed(Roles.NODE)
    @Operation(operationId = "reportAccess")
    public Uni<AccessResult> reportAccess(@PathParam("nodeId") String nodeId, @Valid @NotNull AccessRecords body) {
        return audit.report(caller.zone(), Ids.uuid("nodeId", nodeId), body.records());
    }
}
