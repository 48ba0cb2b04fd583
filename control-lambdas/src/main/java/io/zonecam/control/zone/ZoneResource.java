package io.zonecam.control.zone;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.problem.Params;
import io.zonecam.control.security.Roles;
import io.zonecam.control.zone.ZoneModels.RebalanceResult;
import io.zonecam.control.zone.ZoneModels.ZoneCreate;
import io.zonecam.control.zone.ZoneModels.ZoneUpdate;
import io.zonecam.control.zone.ZoneModels.ZoneView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** ZoneResource serves operator management of zones. */
@Path("/v1/zones")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class ZoneResource {

    @Inject
    ZoneService zones;

    @GET
    @Operation(operationId = "listZones")
    public Uni<List<ZoneView>> listZones() {
        return zones.list();
    }

    @POST
    @Operation(operationId = "createZone")
    public Uni<Response> createZone(@Valid @NotNull ZoneCreate body) {
        return zones.create(body.id(), body.region(), body.capacity())
                .map(z -> Response.created(URI.create("/v1/zones/" + z.zone().id()))
                        .entity(z)
                        .build());
    }

    @GET
    @Path("/{zoneId}")
    @Operation(operationId = "getZone")
    public Uni<ZoneView> getZone(@PathParam("zoneId") String zoneId) {
        return zones.get(Params.zone("zoneId", zoneId));
    }

    @PATCH
    @Path("/{zoneId}")
    @Operation(operationId = "updateZone")
    public Uni<ZoneView> updateZone(@PathParam("zoneId") String zoneId, @Valid @NotNull ZoneUpdate body) {
        return zones.update(Params.zone("zoneId", zoneId), body.capacity(), body.state());
    }

    @DELETE
    @Path("/{zoneId}")
    @Operation(operationId = "deleteZone")
    public Uni<Response> deleteZone(@PathParam("zoneId") String zoneId) {
        return zones.delete(Params.zone("zoneId", zoneId))
                .map(v -> Response.noContent().build());
    }

    @POST
    @Path("/{zoneId}/rebalance")
    @Operation(operationId = "rebalanceZone")
    public Uni<RebalanceResult> rebalanceZone(@PathParam("zoneId") String zoneId) {
        return zones.rebalance(Params.zone("zoneId", zoneId));
    }
}
