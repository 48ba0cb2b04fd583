package io.zonecam.control.device;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.zonecam.control.problem.Text;
import io.zonecam.control.security.ClaimCodes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** DeviceModels are the API bodies of device tokens and provisioning, named as in the OpenAPI spec. */
public final class DeviceModels {

    private DeviceModels() {}

    @RegisterForReflection
    public record DeviceToken(
            UUID cameraId, String token, Instant expiresAt, String zone, UUID nodeId, String rtspUrl, String rtmpUrl) {}

    @RegisterForReflection
    public record ProvisionedDevice(
            @NotBlank
            @Size(max = 64)
            @Pattern(regexp = "^[A-Za-z0-9._-]+$", message = "may contain only letters, digits, '.', '_' and '-'")
            String serial,

            @NotNull @Size(max = 64) @Pattern(regexp = ClaimCodes.PATTERN, message = ClaimCodes.MESSAGE)
            String claimCode,

            @Text(max = 100) String model) {}

    @RegisterForReflection
    public record DeviceProvisioning(
            @NotNull @Size(min = 1, max = 1000) List<@Valid @NotNull ProvisionedDevice> devices) {}

    @RegisterForReflection
    public record DeviceProvisioningResult(int added, int existing) {}
}
