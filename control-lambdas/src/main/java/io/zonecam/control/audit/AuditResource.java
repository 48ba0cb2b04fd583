package io.zonecam.control.audit;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.audit.AuditModels.AuditPage;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** AuditResource searches and exports the caller's organization's audit log (owners only). */
@Path("/v1/audit")
@RolesAllowed(Roles.OWNER)
public class AuditResource {

    /** NDJSON: one JSON entry per line. */
    static final String NDJSON = "application/x-ndjson";
    /** Header of an export that stopped at its size limit: the cursor to pass to continue. */
    static final String NEXT_CURSOR = "Zonecam-Next-Cursor";

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAuditEntries")
    public Uni<AuditPage> listAuditEntries(@BeanParam AuditQuery query, @BeanParam PageRequest page) {
        return audit.search(caller.organizationId(), query.filter(), page.limit(), page.cursor());
    }

    @GET
    @Path("/export")
    @Produces(NDJSON)
    @Operation(operationId = "exportAuditEntries")
    public Uni<Response> exportAuditEntries(@BeanParam AuditQuery query, @QueryParam("cursor") String cursor) {
        return audit.export(caller.organizationId(), query.filter(), Params.text("cursor", cursor, 200))
                .map(export -> {
                    Response.ResponseBuilder answer = Response.ok(export.ndjson(), NDJSON);
                    if (export.nextCursor() != null) {
                        answer.header(NEXT_CURSOR, export.nextCursor());
                    }
                    return answer.build();
                });
    }
}
