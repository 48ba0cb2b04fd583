package io.zonecam.control.tenant;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.problem.ProblemException;
import io.zonecam.control.security.ApiKeys;
import io.zonecam.control.security.SecretHasher;
import io.zonecam.control.store.ApiKey;
import io.zonecam.control.store.Organization;
import io.zonecam.control.store.Timestamps;
import io.zonecam.control.tenant.TenantModels.ApiKeyCreated;
import io.zonecam.control.tenant.TenantModels.ApiKeyView;
import io.zonecam.control.tenant.TenantModels.OrganizationCreated;
import io.zonecam.control.tenant.TenantModels.OrganizationView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** TenantService creates organizations and manages their API keys. */
@ApplicationScoped
public class TenantService {

    private static final Logger LOG = Logger.getLogger(TenantService.class);

    @Inject
    SecretHasher hasher;

    /** Creates an organization with a first owner key (shown once). */
    @WithTransaction
    public Uni<OrganizationCreated> createOrganization(String name, String region) {
        Organization org = new Organization();
        org.id = UUID.randomUUID();
        org.name = name.strip();
        org.region = region;
        org.createdAt = now();
        return org.persist()
                .chain(() -> newKey(org.id, "initial owner key", "owner"))
                .invoke(key -> LOG.infof("organization %s created", org.id))
                .map(key -> new OrganizationCreated(OrganizationView.of(org), key));
    }

    /** The organization, if the caller may see it. */
    @WithSession
    public Uni<OrganizationView> organization(UUID id) {
        return Organization.<Organization>findById(id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No organization " + id + "."))
                .map(OrganizationView::of);
    }

    /** Creates an API key for an organization. */
    @WithTransaction
    public Uni<ApiKeyCreated> createKey(UUID organizationId, String name, String role) {
        return newKey(organizationId, name.strip(), role);
    }

    /** The organization's keys, newest first. */
    @WithSession
    public Uni<List<ApiKeyView>> keys(UUID organizationId) {
        return ApiKey.<ApiKey>list("organizationId = ?1 order by createdAt desc", organizationId)
                .map(keys -> keys.stream().map(ApiKeyView::of).toList());
    }

    /** Revokes a key of the organization; revoking twice is harmless. */
    @WithTransaction
    public Uni<Void> revokeKey(UUID organizationId, UUID keyId) {
        return ApiKey.<ApiKey>find("id = ?1 and organizationId = ?2", keyId, organizationId)
                .<ApiKey>firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No API key " + keyId + "."))
                .invoke(key -> {
                    if (key.revokedAt == null) {
                        key.revokedAt = now();
                        LOG.infof("API key %s of organization %s revoked", keyId, organizationId);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<ApiKeyCreated> newKey(UUID organizationId, String name, String role) {
        String secret = ApiKeys.newKey();
        ApiKeys.Parsed parsed = ApiKeys.parse(secret);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.organizationId = organizationId;
        key.name = name;
        key.role = role;
        key.prefix = parsed.prefix();
        key.secretHash = hasher.hash(parsed.secret());
        key.createdAt = now();
        return key.persist()
                .map(k -> new ApiKeyCreated(key.id, key.name, key.role, "zk_" + key.prefix, key.createdAt, secret));
    }

    private static Instant now() {
        return Timestamps.now();
    }
}
