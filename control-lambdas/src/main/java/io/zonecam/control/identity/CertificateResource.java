package io.zonecam.control.identity;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.zonecam.control.identity.CertificateModels.CertificateRecord;
import io.zonecam.control.identity.CertificateModels.CertificateSigningRequest;
import io.zonecam.control.identity.CertificateModels.SignedCertificate;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.problem.ProblemMappers;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * CertificateResource serves the platform CA: cameras (device secret) and nodes (node key) send CSRs and receive
 * certificates, brokers' operators fetch the CRL, owners list a camera's certificates. Refused calls, including
 * refused credentials and roles, are counted by {@link Refusals}.
 */
@Path("/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {

    /** Media type of PEM text (certificates, CRLs). */
    static final String PEM = "application/x-pem-file";

    @Inject
    CertificateService certificates;

    @Inject
    Refusals refusals;

    @Inject
    Caller caller;

    @POST
    @Path("/camera")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEVICE)
    @Operation(operationId = "issueCameraCertificate")
    public Uni<SignedCertificate> issueCameraCertificate(@Valid @NotNull CertificateSigningRequest body) {
        return certificates.issueForCamera(caller.cameraId(), body.csr());
    }

    @POST
    @Path("/node/{nodeId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.NODE)
    @Operation(operationId = "issueNodeCertificate")
    public Uni<SignedCertificate> issueNodeCertificate(
            @PathParam("nodeId") String nodeId, @Valid @NotNull CertificateSigningRequest body) {
        return certificates.issueForNode(caller.zone(), Ids.uuid("nodeId", nodeId), body.csr());
    }

    @GET
    @Path("/crl")
    @Produces(PEM)
    @RolesAllowed({Roles.OPERATOR, Roles.NODE})
    @Operation(operationId = "getCertificateRevocationList")
    public Uni<String> getCertificateRevocationList() {
        return certificates.crl();
    }

    @GET
    @RolesAllowed({Roles.OWNER, Roles.VIEWER})
    @Operation(operationId = "listCameraCertificates")
    public Uni<List<CertificateRecord>> listCameraCertificates(@QueryParam("cameraId") String cameraId) {
        if (cameraId == null) {
            throw ProblemException.invalid("cameraId", "is required");
        }
        return certificates.listForCamera(caller.organizationId(), Ids.uuid("cameraId", cameraId));
    }

    /** Refused credentials here (a deregistered camera's secret, a rotated node key) are counted like bad CSRs. */
    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        return ProblemMappers.respond(
                refusals.refuse(
                        Refusals.CREDENTIALS,
                        new ProblemException(
                                401,
                                "unauthorized",
                                "Unauthorized",
                                "Missing or invalid credentials (a deregistered camera's secret is refused).",
                                List.of(),
                                Map.of("WWW-Authenticate", "Basic realm=\"zonecam\"")),
                        "a caller of " + request.path()),
                request);
    }

    /** A camera asking for a node's certificate, or a node for a camera's, is told which call is its own. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        String detail = request.path().startsWith("/v1/certificates/node/")
                ? "Only stream nodes (X-Node-Key) get node certificates; cameras use POST /v1/certificates/camera."
                : request.path().equals("/v1/certificates/camera")
                        ? "Only cameras (device secret) get camera certificates; nodes use POST "
                                + "/v1/certificates/node/{nodeId}."
                        : "Your role does not allow this call.";
        return ProblemMappers.respond(
                refusals.refuse(Refusals.ROLE, ProblemException.forbidden(detail), "a caller of " + request.path()),
                request);
    }
}
