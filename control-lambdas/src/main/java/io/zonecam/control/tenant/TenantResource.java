package io.zonecam.control.tenant;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.audit.AuditActions;
import io.zonecam.control.audit.AuditTrail;
import io.zonecam.control.audit.Audited;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import io.zonecam.control.tenant.TenantModels.ApiKeyCreate;
import io.zonecam.control.tenant.TenantModels.ApiKeyView;
import io.zonecam.control.tenant.TenantModels.OrganizationCreate;
import io.zonecam.control.tenant.TenantModels.OrganizationView;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** TenantResource serves organizations and API keys. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

    @Inject
    TenantService tenants;

    @Inject
    Caller caller;

    @Inject
    AuditTrail audit;

    @POST
    @Path("/organizations")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "createOrganization")
    public Uni<Response> createOrganization(@Valid @NotNull OrganizationCreate body) {
        return tenants.createOrganization(body.name(), body.region())
                .map(created -> Response.created(URI.create(
                                "/v1/organizations/" + created.organization().id()))
                        .entity(created)
                        .build());
    }

    @GET
    @Path("/organizations/{organizationId}")
    @RolesAllowed({Roles.OWNER, Roles.VIEWER, Roles.OPERATOR})
    @Operation(operationId = "getOrganization")
    public Uni<OrganizationView> getOrganization(@PathParam("organizationId") String organizationId) {
        UUID id = Ids.uuid("organizationId", organizationId);
        if (!caller.isOperator() && !id.equals(caller.organizationId())) {
            // Same answer as for an organization that does not exist: no existence leak across tenants.
            throw ProblemException.notFound("No organization " + id + ".");
        }
        return tenants.organization(id);
    }

    @GET
    @Path("/api-keys")
    @RolesAllowed(Roles.OWNER)
    @Operation(operationId = "listApiKeys")
    public Uni<List<ApiKeyView>> listApiKeys() {
        return tenants.keys(caller.organizationId());
    }

    @POST
    @Path("/api-keys")
    @RolesAllowed(Roles.OWNER)
    @Operation(operationId = "createApiKey")
    public Uni<Response> createApiKey(@Valid @NotNull ApiKeyCreate body) {
        return audit.record(
                        () -> tenants.createKey(caller.organizationId(), body.name(), body.role()),
                        key -> Audited.of(AuditActions.API_KEY_CREATED, null)
                                .target(key.id())
                                .detail("name", key.name())
                                .detail("role", key.role()))
                .map(key -> Response.created(URI.create("/v1/api-keys/" + key.id()))
                        .entity(key)
                        .build());
    }

    @DELETE
    @Path("/api-keys/{apiKeyId}")
    @RolesAllowed(Roles.OWNER)
    @Operation(operationId = "revokeApiKey")
    public Uni<Response> revokeApiKey(@PathParam("apiKeyId") String apiKeyId) {
        UUID key = Ids.uuid("apiKeyId", apiKeyId);
        return audit.record(
                        () -> tenants.revokeKey(caller.organizationId(), key),
                        v -> Audited.of(AuditActions.API_KEY_REVOKED, null).target(key))
                .map(v -> Response.noContent().build());
    }
}
