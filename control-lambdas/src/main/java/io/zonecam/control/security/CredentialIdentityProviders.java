package io.zonecam.control.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

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

    static AuthenticationFailedException refused() {
        return new AuthenticationFailedException("invalid credentials");
    }

    /** ApiKeyProvider authenticates {@code zk_<prefix>_<secret>} partner keys. */
    @ApplicationScoped
    public static class ApiKeyProvider implements IdentityProvider<CredentialRequests.ApiKey> {
        private final Pool pool;
        private final SecretHasher hasher;

        public ApiKeyProvider(Pool pool, SecretHasher hasher) {
            this.pool = pool;
            this.hasher = hasher;
        }

        @Override
        public Class<CredentialRequests.ApiKey> getRequestType() {
            return CredentialRequests.ApiKey.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(CredentialRequests.ApiKey request, AuthenticationRequestContext ctx) {
            ApiKeys.Parsed parsed = ApiKeys.parse(request.key);
            if (parsed == null) {
                return Uni.createFrom().failure(refused());
            }
            return pool.preparedQuery("select id, organization_id, role, secret_hash from api_keys "
                            + "where prefix = $1 and revoked_at is null")
                    .execute(Tuple.of(parsed.prefix()))
                    .map(rows -> {
                        Row row = first(rows);
                        if (row == null
                                || !hasher.matches(
                                        parsed.secret(),
                                        row.getBuffer("secret_hash").getBytes())) {
                            throw refused();
                        }
                        return QuarkusSecurityIdentity.builder()
                                .setPrincipal(new QuarkusPrincipal("api-key:" + row.getUUID("id")))
                                .addRole(row.getString("role"))
                                .addAttribute(ORGANIZATION, row.getUUID("organization_id"))
                                .build();
                    });
        }
    }

    /** NodeKeyProvider authenticates a zone's {@code zn_<zone>.<secret>} node enrollment key. */
    @ApplicationScoped
    public static class NodeKeyProvider implements IdentityProvider<CredentialRequests.NodeKey> {
        private final Pool pool;
        private final SecretHasher hasher;

        public NodeKeyProvider(Pool pool, SecretHasher hasher) {
            this.pool = pool;
            this.hasher = hasher;
        }

        @Override
        public Class<CredentialRequests.NodeKey> getRequestType() {
            return CredentialRequests.NodeKey.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(
                CredentialRequests.NodeKey request, AuthenticationRequestContext ctx) {
            String zone = NodeKeys.zoneOf(request.key);
            if (zone == null) {
                return Uni.createFrom().failure(refused());
            }
            return pool.preparedQuery("select node_key_hash from zones where id = $1")
                    .execute(Tuple.of(zone))
                    .map(rows -> {
                        Row row = first(rows);
                        if (row == null
                                || !hasher.matches(
                                        request.key,
                                        row.getBuffer("node_key_hash").getBytes())) {
                            throw refused();
                        }
                        return QuarkusSecurityIdentity.builder()
                                .setPrincipal(new QuarkusPrincipal("zone-node:" + zone))
                                .addRole(Roles.NODE)
                                .addAttribute(ZONE, zone)
                                .build();
                    });
        }
    }

    /** DeviceProvider authenticates a camera by id and device secret. */
    @ApplicationScoped
    public static class DeviceProvider implements IdentityProvider<CredentialRequests.Device> {
        private final Pool pool;
        private final SecretHasher hasher;

        public DeviceProvider(Pool pool, SecretHasher hasher) {
            this.pool = pool;
            this.hasher = hasher;
        }

        @Override
        public Class<CredentialRequests.Device> getRequestType() {
            return CredentialRequests.Device.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(CredentialRequests.Device request, AuthenticationRequestContext ctx) {
            UUID cameraId;
            try {
                cameraId = UUID.fromString(request.cameraId);
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().failure(refused());
            }
            return pool.preparedQuery("select organization_id, secret_hash from cameras "
                            + "where id = $1 and deleted_at is null")
                    .execute(Tuple.of(cameraId))
                    .map(rows -> {
                        Row row = first(rows);
                        if (row == null
                                || row.getBuffer("secret_hash") == null
                                || !hasher.matches(
                                        request.secret,
                                        row.getBuffer("secret_hash").getBytes())) {
                            throw refused();
                        }
                        return QuarkusSecurityIdentity.builder()
                                .setPrincipal(new QuarkusPrincipal("camera:" + cameraId))
                                .addRole(Roles.DEVICE)
                                .addAttribute(CAMERA, cameraId)
                                .addAttribute(ORGANIZATION, row.getUUID("organization_id"))
                                .build();
                    });
        }
    }

    private static Row first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? it.next() : null;
    }
}
