package io.zonecam.control.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.security.CredentialRequests.ApiKey;
import io.zonecam.control.security.CredentialRequests.Device;
import io.zonecam.control.security.CredentialRequests.NodeKey;
import io.zonecam.control.store.CredentialRepository;
import io.zonecam.control.store.CredentialRepository.ApiKeyCredential;
import io.zonecam.control.store.CredentialRepository.DeviceCredential;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * CredentialIdentityProvider checks API keys, node keys and device secrets against their stored hashes with one
 * indexed query each (no cache: a revoked key fails on the very next call). Each check looks up the stored
 * credential, compares the presented secret with its hash in constant time and builds the identity; a malformed
 * credential and any mismatch are the same refusal.
 */
// A @Singleton, not a normal-scoped bean: a client proxy would need a no-argument constructor.
@Singleton
public class CredentialIdentityProvider implements IdentityProvider<CredentialRequests.Request> {

    /** Attribute holding the caller's organization id (UUID). */
    public static final String ORGANIZATION = "zonecam.organization";
    /** Attribute holding a node caller's zone id. */
    public static final String ZONE = "zonecam.zone";
    /** Attribute holding a device caller's camera id (UUID). */
    public static final String CAMERA = "zonecam.camera";

    private final CredentialRepository credentials;
    private final SecretHasher hasher;

    public CredentialIdentityProvider(CredentialRepository credentials, SecretHasher hasher) {
        this.credentials = credentials;
        this.hasher = hasher;
    }

    @Override
    public Class<CredentialRequests.Request> getRequestType() {
        return CredentialRequests.Request.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(CredentialRequests.Request request, AuthenticationRequestContext ctx) {
        return switch (request.credential) {
            case ApiKey(String key) -> apiKey(key);
            case NodeKey(String key) -> nodeKey(key);
            case Device(String cameraId, String secret) -> device(cameraId, secret);
        };
    }

    /** A {@code zk_<prefix>_<secret>} partner key. */
    private Uni<SecurityIdentity> apiKey(String key) {
        ApiKeys.Parsed parsed = ApiKeys.parse(key);
        if (parsed == null) {
            return Uni.createFrom().failure(refused());
        }
        return verify(
                credentials.apiKey(parsed.prefix()),
                ApiKeyCredential::secretHash,
                parsed.secret(),
                k -> identity("api-key:" + k.id(), k.role(), Map.of(ORGANIZATION, k.organizationId())));
    }

    /** A zone's {@code zn_<zone>.<secret>} node enrollment key. */
    private Uni<SecurityIdentity> nodeKey(String key) {
        String zone = NodeKeys.zoneOf(key);
        if (zone == null) {
            return Uni.createFrom().failure(refused());
        }
        return verify(
                credentials.nodeKeyHash(zone),
                hash -> hash,
                key,
                hash -> identity("zone-node:" + zone, Roles.NODE, Map.of(ZONE, zone)));
    }

    /** A camera's id and device secret. */
    private Uni<SecurityIdentity> device(String id, String secret) {
        UUID cameraId;
        try {
            cameraId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(refused());
        }
        return verify(
                credentials.device(cameraId),
                DeviceCredential::secretHash,
                secret,
                d -> identity(
                        "camera:" + cameraId,
                        Roles.DEVICE,
                        Map.of(CAMERA, cameraId, ORGANIZATION, d.organizationId())));
    }

    private <T> Uni<SecurityIdentity> verify(
            Uni<T> stored, Function<T, byte[]> hashOf, String presented, Function<T, SecurityIdentity> identity) {
        return stored.map(s -> {
            if (s == null || !hasher.matches(presented, hashOf.apply(s))) {
                throw refused();
            }
            return identity.apply(s);
        });
    }

    private static AuthenticationFailedException refused() {
        return new AuthenticationFailedException("invalid credentials");
    }

    private static SecurityIdentity identity(String principal, String role, Map<String, Object> attributes) {
        var builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal))
                .addRole(role);
        attributes.forEach(builder::addAttribute);
        return builder.build();
    }
}
