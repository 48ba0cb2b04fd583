package io.zonecam.control.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.store.CredentialRepository;
import io.zonecam.control.store.CredentialRepository.ApiKeyCredential;
import io.zonecam.control.store.CredentialRepository.DeviceCredential;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * CredentialIdentityProviders checks API keys, node keys and device secrets against their stored hashes with one
 * indexed query each (no cache: a revoked key fails on the very next call).
 */
public final class CredentialIdentityProviders {

    /** Attribute holding the caller's organization id (UUID). */
    public static final String ORGANIZATION = "zonecam.organization";
    /** Attribute holding a node caller's zone id. */
    public static final String ZONE = "zonecam.zone";
    /** Attribute holding a device caller's camera id (UUID). */
    public static final String CAMERA = "zonecam.camera";

    private CredentialIdentityProviders() {}

    /**
     * Provider is what the three providers share (they are {@code @Singleton}s: a normal-scoped bean would need a
     * no-argument constructor for its proxy): look up the stored credential, compare the presented secret with
     * its hash in constant time, and build the identity; any mismatch is the same refusal.
     */
    abstract static class Provider<R extends AuthenticationRequest> implements IdentityProvider<R> {
        final CredentialRepository credentials;
        private final SecretHasher hasher;
        private final Class<R> type;

        Provider(CredentialRepository credentials, SecretHasher hasher, Class<R> type) {
            this.credentials = credentials;
            this.hasher = hasher;
            this.type = type;
        }

        @Override
        public Class<R> getRequestType() {
            return type;
        }

        <T> Uni<SecurityIdentity> verify(
                Uni<T> stored, Function<T, byte[]> hashOf, String presented, Function<T, SecurityIdentity> identity) {
            return stored.map(s -> {
                if (s == null || !hasher.matches(presented, hashOf.apply(s))) {
                    throw refused();
                }
                return identity.apply(s);
            });
        }
    }

    /** ApiKeyProvider authenticates {@code zk_<prefix>_<secret>} partner keys. */
    @Singleton
    public static class ApiKeyProvider extends Provider<CredentialRequests.ApiKey> {
        public ApiKeyProvider(CredentialRepository credentials, SecretHasher hasher) {
            super(credentials, hasher, CredentialRequests.ApiKey.class);
        }

        @Override
        public Uni<SecurityIdentity> authenticate(CredentialRequests.ApiKey request, AuthenticationRequestContext ctx) {
            ApiKeys.Parsed parsed = ApiKeys.parse(request.key);
            if (parsed == null) {
                return Uni.createFrom().failure(refused());
            }
            return verify(
                    credentials.apiKey(parsed.prefix()),
                    ApiKeyCredential::secretHash,
                    parsed.secret(),
                    k -> identity("api-key:" + k.id(), k.role(), Map.of(ORGANIZATION, k.organizationId())));
        }
    }

    /** NodeKeyProvider authenticates a zone's {@code zn_<zone>.<secret>} node enrollment key. */
    @Singleton
    public static class NodeKeyProvider extends Provider<CredentialRequests.NodeKey> {
        public NodeKeyProvider(CredentialRepository credentials, SecretHasher hasher) {
            super(credentials, hasher, CredentialRequests.NodeKey.class);
        }

        @Override
        public Uni<SecurityIdentity> authenticate(
                CredentialRequests.NodeKey request, AuthenticationRequestContext ctx) {
            String zone = NodeKeys.zoneOf(request.key);
            if (zone == null) {
                return Uni.createFrom().failure(refused());
            }
            return verify(
                    credentials.nodeKeyHash(zone),
                    hash -> hash,
                    request.key,
                    hash -> identity("zone-node:" + zone, Roles.NODE, Map.of(ZONE, zone)));
        }
    }

    /** DeviceProvider authenticates a camera by id and device secret. */
    @Singleton
    public static class DeviceProvider extends Provider<CredentialRequests.Device> {
        public DeviceProvider(CredentialRepository credentials, SecretHasher hasher) {
            super(credentials, hasher, CredentialRequests.Device.class);
        }

        @Override
        public Uni<SecurityIdentity> authenticate(CredentialRequests.Device request, AuthenticationRequestContext ctx) {
            UUID cameraId;
            try {
                cameraId = UUID.fromString(request.cameraId);
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().failure(refused());
            }
            return verify(
                    credentials.device(cameraId),
                    DeviceCredential::secretHash,
                    request.secret,
                    d -> identity(
                            "camera:" + cameraId,
                            Roles.DEVICE,
                            Map.of(CAMERA, cameraId, ORGANIZATION, d.organizationId())));
        }
    }

    static AuthenticationFailedException refused() {
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
