package io.zonecam.control.webhook;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.problem.PageRequest;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import io.zonecam.control.webhook.WebhookModels.DeliveryPage;
import io.zonecam.control.webhook.WebhookModels.WebhookCreate;
import io.zonecam.control.webhook.WebhookModels.WebhookList;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
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
import org.eclipse.microprofile.openapi.annotations.Operation;

/** WebhookResource manages the caller's organization's webhooks and shows their delivery log (owners). */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OWNER)
public class WebhookResource {

    @Inject
    WebhookService webhooks;

    @Inject
    Caller caller;

    @POST
    @Operation(operationId = "createWebhook")
    public Uni<Response> createWebhook(@Valid @NotNull WebhookCreate body) {
        return webhooks.create(caller.organizationId(), body)
                .map(w -> Response.created(URI.create("/v1/webhooks/" + w.id()))
                        .entity(w)
                        .build());
    }

    @GET
    @Operation(operationId = "listWebhooks")
    public Uni<WebhookList> listWebhooks() {
        return webhooks.list(caller.organizationId());
    }

    @DELETE
    @Path("/{webhookId}")
    @Operation(operationId = "deleteWebhook")
    public Uni<Response> deleteWebhook(@PathParam("webhookId") String webhookId) {
        return webhooks.delete(caller.organizationId(), Ids.uuid("webhookId", webhookId))
                .map(v -> Response.noContent().build());
    }

    @POST
    @Path("/{webhookId}/ping")
    @Operation(operationId = "pingWebhook")
    public Uni<Response> pingWebhook(@PathParam("webhookId") String webhookId) {
        return webhooks.ping(caller.organizationId(), Ids.uuid("webhookId", webhookId))
                .map(p -> Response.accepted(p).build());
    }

    @GET
    @Path("/{webhookId}/deliveries")
    @Operation(operationId = "listWebhookDeliveries")
    public Uni<DeliveryPage> listWebhookDeliveries(
            @PathParam("webhookId") String webhookId, @BeanParam PageRequest page) {
        return webhooks.deliveries(
                caller.organizationId(), Ids.uuid("webhookId", webhookId), page.limit(), page.cursor());
    }
}
