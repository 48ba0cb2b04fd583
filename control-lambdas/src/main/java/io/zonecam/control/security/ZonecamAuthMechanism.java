package io.zonecam.control.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * ZonecamAuthMechanism reads Zonecam's own credentials from a request: {@code X-Api-Key}, {@code X-Node-Key} and
 * device Basic auth. User JWTs ({@code Authorization: Bearer}) are left to smallrye-jwt's mechanism.
 */
@ApplicationScoped
public class ZonecamAuthMechanism implements HttpAuthenticationMechanism {

    static final String API_KEY_HEADER = "X-Api-Key";
    static final String NODE_KEY_HEADER = "X-Node-Key";
    private static final int MAX_CREDENTIAL_LENGTH = 512;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        CredentialRequests.Credential credential = readCredential(context);
        if (credential == null) {
            return Uni.createFrom().nullItem();
        }
        var request = new CredentialRequests.Request(credential);
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request);
    }

    private static CredentialRequests.Credential readCredential(RoutingContext context) {
        String apiKey = context.request().getHeader(API_KEY_HEADER);
        if (apiKey != null) {
            return new CredentialRequests.ApiKey(bounded(apiKey));
        }
        String nodeKey = context.request().getHeader(NODE_KEY_HEADER);
        if (nodeKey != null) {
            return new CredentialRequests.NodeKey(bounded(nodeKey));
        }
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder()
                                .decode(bounded(authorization.substring(6).trim())),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            return colon < 0
                    ? new CredentialRequests.Device("", "")
                    : new CredentialRequests.Device(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        return null;
    }

    private static String bounded(String value) {
        return value.length() > MAX_CREDENTIAL_LENGTH ? "" : value;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"zonecam\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(CredentialRequests.Request.class);
    }
}
