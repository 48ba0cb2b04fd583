package io.zonecam.control.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.zonecam.control.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Caller tells services who is calling: organization, zone or camera, whichever the credential carries. */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's organization; 403 when the credential has none (e.g. an operator token). */
    public UUID organizationId() {
        Object org = identity.getAttribute(CredentialIdentityProvider.ORGANIZATION);
        if (org instanceof UUID id) {
            return id;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim("org");
            if (claim != null) {
                try {
                    return UUID.fromString(claim.toString().replace("\"", ""));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.forbidden("The token's 'org' claim is not an organization id.");
                }
            }
        }
        throw ProblemException.forbidden("This call acts on an organization and your credential names none.");
    }

    /** True for platform operators. */
    public boolean isOperator() {
        return identity.hasRole(Roles.OPERATOR);
    }

    /** True for an organization owner. */
    public boolean isOwner() {
        return identity.hasRole(Roles.OWNER);
    }

    /** True for a stream node. */
    public boolean isNode() {
        return identity.hasRole(Roles.NODE);
    }

    /** A node caller's zone. */
    public String zone() {
        Object zone = identity.getAttribute(CredentialIdentityProvider.ZONE);
        if (zone == null) {
            throw ProblemException.forbidden("This call is for stream nodes.");
        }
        return zone.toString();
    }

    /** A device caller's camera. */
    public UUID cameraId() {
        Object camera = identity.getAttribute(CredentialIdentityProvider.CAMERA);
        if (!(camera instanceof UUID id)) {
            throw ProblemException.forbidden("This call is for cameras.");
        }
        return id;
    }

    /** A short description for audit logs, never a secret. */
    public String describe() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}
