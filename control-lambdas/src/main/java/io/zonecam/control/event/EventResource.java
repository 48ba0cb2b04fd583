package io.zonecam.control.event;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.event.EventModels.EventPage;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.problem.PageRequest;
import io.zonecam.control.problem.Params;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** EventResource searches the caller's organization's camera events (owners and viewers). */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OWNER, Roles.VIEWER})
public class EventResource {

    @Inject
    EventService events;

    @Inject
    Caller caller;

    @GET
    @Operation(operationId = "listEvents")
    public Uni<EventPage> listEvents(
            @QueryParam("cameraId") String cameraId,
            @QueryParam("type") String type,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @BeanParam PageRequest page) {
        return events.search(
                caller.organizationId(),
                cameraId == null ? null : Ids.uuid("cameraId", cameraId),
                Params.text("type", type, 40),
                Params.time("from", from),
                Params.time("to", to),
                page.limit(),
                page.cursor());
    }
}
