package io.zonecam.control.playback;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.audit.AuditActions;
import io.zonecam.control.audit.AuditTrail;
import io.zonecam.control.audit.Audited;
import io.zonecam.control.playback.PlaybackModels.PlaybackUrl;
import io.zonecam.control.playback.PlaybackModels.RecordedPlaybackRequest;
import io.zonecam.control.playback.PlaybackModels.ShareLinkPage;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.problem.PageRequest;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** PlaybackResource gives members of a camera's organization signed live and recorded playback URLs. */
@Path("/v1/cameras/{cameraId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OWNER, Roles.VIEWER})
public class PlaybackResource {

    @Inject
    PlaybackService playback;

    @Inject
    ShareLinkService shares;

    @Inject
    Caller caller;

    @Inject
    AuditTrail audit;

    @POST
    @Path("/playback/live")
    @Operation(operationId = "createLivePlayback")
    public Uni<PlaybackUrl> createLivePlayback(@PathParam("cameraId") String cameraId) {
        UUID camera = Ids.uuid("cameraId", cameraId);
        return audit.record(
                () -> playback.live(caller.organizationId(), camera),
                url -> Audited.of(AuditActions.LIVE_ISSUED, camera).token(url.token()));
    }

    @POST
    @Path("/shares")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OWNER)
    @Operation(operationId = "createShareLink")
    public Uni<Response> createShareLink(
            @PathParam("cameraId") String cameraId, @Valid @NotNull PlaybackModels.ShareRequest body) {
        UUID camera = Ids.uuid("cameraId", cameraId);
        return audit.record(
                        () -> playback.share(
                                caller.organizationId(),
                                camera,
                                body.from(),
                                body.to(),
                                Duration.ofSeconds(body.expiresInSeconds()),
                                caller.describe()),
                        link -> Audited.of(AuditActions.SHARE_CREATED, camera)
                                .target(link.id())
                                .range(link.from(), link.to()))
                .map(link -> Response.created(URI.create("/v1/shares/" + link.id()))
                        .entity(link)
                        .build());
    }

    @GET
    @Path("/shares")
    @RolesAllowed(Roles.OWNER)
    @Operation(operationId = "listCameraShareLinks")
    public Uni<ShareLinkPage> listCameraShareLinks(
            @PathParam("cameraId") String cameraId, @BeanParam PageRequest page) {
        return shares.listOfCamera(
                caller.organizationId(), Ids.uuid("cameraId", cameraId), page.limit(), page.cursor());
    }

    @POST
    @Path("/playback/recorded")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createRecordedPlayback")
    public Uni<PlaybackUrl> createRecordedPlayback(
            @PathParam("cameraId") String cameraId, @Valid @NotNull RecordedPlaybackRequest body) {
        UUID camera = Ids.uuid("cameraId", cameraId);
        return audit.record(
                () -> playback.recorded(caller.organizationId(), camera, body.from(), body.to()),
                url -> Audited.of(AuditActions.RECORDED_ISSUED, camera)
                        .token(url.token())
                        .range(body.from(), body.to()));
    }
}
