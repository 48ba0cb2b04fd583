package io.zonecam.control.event;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.event.EventModels.CameraReportResult;
import io.zonecam.control.event.EventModels.CameraReports;
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

/** NodeEventResource takes the events cameras report through their stream node (node enrollment key). */
@Path("/v1/nodes/{nodeId}/events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NodeEventResource {

    @Inject
    EventService events;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed(Roles.NODE)
    @Operation(operationId = "reportCameraEvents")
    public Uni<CameraReportResult> reportCameraEvents(
            @PathParam("nodeId") String nodeId, @Valid @NotNull CameraReports body) {
        return events.report(caller.zone(), Ids.uuid("nodeId", nodeId), body.reports());
    }
}
