package io.zonecam.control.fleet;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.fleet.FleetModels.DrainProgress;
import io.zonecam.control.fleet.FleetModels.HeartbeatAck;
import io.zonecam.control.fleet.FleetModels.NodeAssignmentPage;
import io.zonecam.control.fleet.FleetModels.NodeLoad;
import io.zonecam.control.fleet.FleetModels.NodeRegistration;
import io.zonecam.control.fleet.FleetModels.NodeView;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.problem.Params;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** NodeResource serves stream nodes (register, heartbeat, assignments) and operators (list, drain). */
@Path("/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NodeResource {

    @Inject
    FleetService fleet;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "listNodes")
    public Uni<List<NodeView>> listNodes(@QueryParam("zone") String zone) {
        return fleet.list(Params.zone("zone", zone));
    }

    @POST
    @RolesAllowed(Roles.NODE)
    @Operation(operationId = "registerNode")
    public Uni<Response> registerNode(@Valid @NotNull NodeRegistration body) {
        return fleet.register(caller.zone(), body)
                .map(r -> r.created()
                        ? Response.created(URI.create("/v1/nodes/" + r.node().id()))
                                .entity(r.node())
                                .build()
                        : Response.ok(r.node()).build());
    }

    @GET
    @Path("/{nodeId}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "getNode")
    public Uni<NodeView> getNode(@PathParam("nodeId") String nodeId) {
        return fleet.get(Ids.uuid("nodeId", nodeId));
    }

    @POST
    @Path("/{nodeId}/heartbeat")
    @RolesAllowed(Roles.NODE)
    @Operation(operationId = "nodeHeartbeat")
    public Uni<HeartbeatAck> nodeHeartbeat(@PathParam("nodeId") String nodeId, @Valid @NotNull NodeLoad body) {
        return fleet.heartbeat(caller.zone(), Ids.uuid("nodeId", nodeId), body);
    }

    @GET
    @Path("/{nodeId}/assignments")
    @RolesAllowed({Roles.NODE, Roles.OPERATOR})
    @Operation(operationId = "listNodeAssignments")
    public Uni<NodeAssignmentPage> listNodeAssignments(
            @PathParam("nodeId") String nodeId,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        int size = Params.integer("limit", limit, 1000, 1, 5000);
        UUID after = cursor == null || cursor.isEmpty() ? null : Ids.uuid("cursor", cursor);
        return fleet.assignments(nodeZone(), Ids.uuid("nodeId", nodeId), size, after);
    }

    @POST
    @Path("/{nodeId}/drain")
    @RolesAllowed({Roles.NODE, Roles.OPERATOR})
    @Operation(operationId = "startNodeDrain")
    public Uni<Response> startNodeDrain(@PathParam("nodeId") String nodeId) {
        return fleet.startDrain(nodeZone(), Ids.uuid("nodeId", nodeId))
                .map(p -> Response.accepted(p).build());
    }

    @GET
    @Path("/{nodeId}/drain")
    @RolesAllowed({Roles.NODE, Roles.OPERATOR})
    @Operation(operationId = "getNodeDrain")
    public Uni<DrainProgress> getNodeDrain(@PathParam("nodeId") String nodeId) {
        return fleet.drain(nodeZone(), Ids.uuid("nodeId", nodeId));
    }

    @DELETE
    @Path("/{nodeId}/drain")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "cancelNodeDrain")
    public Uni<DrainProgress> cancelNodeDrain(@PathParam("nodeId") String nodeId) {
        return fleet.cancelDrain(Ids.uuid("nodeId", nodeId));
    }

    /** Nodes see only their own zone; operators see all (null). */
    private String nodeZone() {
        return caller.isOperator() ? null : caller.zone();
    }
}
