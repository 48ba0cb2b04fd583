package io.zonecam.control.device;

import io.smallrye.mutiny.Uni;
import io.zonecam.control.device.DeviceModels.DeviceProvisioning;
import io.zonecam.control.device.DeviceModels.DeviceProvisioningResult;
import io.zonecam.control.device.DeviceModels.DeviceToken;
import io.zonecam.control.security.Caller;
import io.zonecam.control.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** DeviceResource serves cameras (device tokens) and operators (device provisioning). */
@Path("/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    @Inject
    DeviceService devices;

    @Inject
    Caller caller;

    @POST
    @Path("/token")
    @RolesAllowed(Roles.DEVICE)
    @Operation(operationId = "createDeviceToken")
    public Uni<DeviceToken> createDeviceToken() {
        return devices.token(caller.cameraId());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "provisionDevices")
    public Uni<DeviceProvisioningResult> provisionDevices(@Valid @NotNull DeviceProvisioning body) {
        return devices.provision(body.devices());
    }
}
