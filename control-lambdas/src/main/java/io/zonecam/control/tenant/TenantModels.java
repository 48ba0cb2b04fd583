package io.zonecam.control.tenant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.zonecam.control.problem.Text;
import io.zonecam.control.store.ApiKey;
import io.zonecam.control.store.Organization;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;

/** TenantModels are the API bodies of organizations and API keys, named as in the OpenAPI spec. */
public final class TenantModels {

    private TenantModels() {}

    @RegisterForReflection
    public record OrganizationCreate(
            @NotBlank @Text(max = 200) String name,
            @Text(max = 32) String region) {}

    @RegisterForReflection
    public record OrganizationView(UUID id, String name, String region, Instant createdAt) {
        static OrganizationView of(Organization o) {
            return new OrganizationView(o.id, o.name, o.region, o.createdAt);
        }
    }

    @RegisterForReflection
    public record OrganizationCreated(OrganizationView organization, ApiKeyCreated apiKey) {}

    @RegisterForReflection
    public record ApiKeyCreate(
            @NotBlank @Text(max = 100) String name,

            @NotNull @Pattern(regexp = "owner|viewer", message = "must be owner or viewer")
            String role) {}

    @RegisterForReflection
    public record ApiKeyView(UUID id, String name, String role, String prefix, Instant createdAt, Instant revokedAt) {
        static ApiKeyView of(ApiKey k) {
            return new ApiKeyView(k.id, k.name, k.role, "zk_" + k.prefix, k.createdAt, k.revokedAt);
        }
    }

    @RegisterForReflection
    public record ApiKeyCreated(UUID id, String name, String role, String prefix, Instant createdAt, String key) {}
}
