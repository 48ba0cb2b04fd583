package io.zonecam.control.dev;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.problem.Text;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * DevelopmentTokenResource is the local stand-in for an identity provider: it mints user JWTs (ES256) that the
 * control plane's own smallrye-jwt verification accepts. It answers 404 unless {@code zonecam.dev-issuer.enabled}, and
 * the server refuses to start with it enabled in a production build ({@link #requireDevelopment}).
 */
@Path("/v1/dev/tokens")
@io.quarkus.runtime.Startup
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DevelopmentTokenResource {

    private static final Logger LOG = Logger.getLogger(DevelopmentTokenResource.class);

    private final boolean enabled;
    private final PrivateKey key;
    private final String issuer;

    public DevelopmentTokenResource(
            ZonecamConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.enabled = config.devIssuer().enabled();
        if (enabled) {
            requireDevelopment(LaunchMode.current(), lambdaArtifact(), System.getenv());
        }
        this.issuer = issuer;
        this.key = enabled
                ? config.devIssuer()
                        .privateKey()
                        .map(DevelopmentTokenResource::ecKey)
                        .orElse(null)
                : null;
        if (enabled) {
            LOG.warn("the development token issuer is enabled: anyone reaching this server can mint user tokens");
        }
    }

    /**
     * Fails the start when the issuer is enabled outside development: it would let anyone reaching the server mint
     * owner and operator tokens. Allowed in dev and test mode and in the {@code -Dlocal} build (a plain HTTP server:
     * {@code scripts/run-local}, the end-to-end tests and the benchmarks run it so); refused in the Lambda artifact
     * (the production build) and anywhere the Lambda runtime runs the code, whatever the configuration says. This is
     * the launch-mode check the pepper and the signing key make, plus the build, since the local server also runs
     * in the normal launch mode.
     */
    static void requireDevelopment(LaunchMode mode, boolean lambdaArtifact, Map<String, String> env) {
        if (mode.isDevOrTest()) {
            return;
        }
        boolean inLambda = env.containsKey("AWS_LAMBDA_FUNCTION_NAME") || env.containsKey("AWS_LAMBDA_RUNTIME_API");
        if (lambdaArtifact || inLambda) {
            throw new IllegalStateException("zonecam.dev-issuer.enabled is true in a production build ("
                    + (inLambda ? "running on AWS Lambda" : "the Lambda artifact")
                    + "): the development token issuer lets anyone mint user tokens and runs only in dev/test mode"
                    + " or the -Dlocal server. Unset ZONECAM_DEV_ISSUER_ENABLED.");
        }
    }

    /** True in the Lambda artifact (the default build): its HTTP adapter is on the class path; -Dlocal has none. */
    static boolean lambdaArtifact() {
        try {
            Class.forName(
                    "io.quarkus.amazon.lambda.http.LambdaHttpHandler",
                    false,
                    Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @RegisterForReflection
    public record DevelopmentTokenRequest(
            @NotBlank @Text(max = 100) String subject,
            UUID organizationId,

            @NotNull @NotEmpty
            List<@Pattern(regexp = "owner|viewer|operator", message = "must be owner, viewer or operator") String>
                    roles) {}

    @RegisterForReflection
    public record DevelopmentToken(String token, Instant expiresAt) {}

    @POST
    @PermitAll
    @Operation(operationId = "createDevelopmentToken")
    public DevelopmentToken createDevelopmentToken(@Valid @NotNull DevelopmentTokenRequest body) {
        if (!enabled || key == null) {
            throw ProblemException.notFound("The development token issuer is not enabled on this server.");
        }
        Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        var builder = Jwt.issuer(issuer)
                .subject(body.subject())
                .groups(Set.copyOf(body.roles()))
                .expiresAt(expires);
        if (body.organizationId() != null) {
            builder.claim("org", body.organizationId().toString());
        }
        return new DevelopmentToken(
                builder.jws().algorithm(SignatureAlgorithm.ES256).sign(key), expires);
    }

    private static PrivateKey ecKey(String base64) {
        try {
            return KeyFactory.getInstance("EC")
                    .generatePrivate(
                            new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64.trim())));
        } catch (Exception e) {
            throw new IllegalStateException("zonecam.dev-issuer.private-key is not a base64 PKCS#8 EC key");
        }
    }
}
