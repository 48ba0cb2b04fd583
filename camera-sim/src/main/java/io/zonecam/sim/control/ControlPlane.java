package io.zonecam.sim.control;

import io.zonecam.sdk.ApiClient;
import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.api.CamerasApi;
import io.zonecam.sdk.api.CertificatesApi;
import io.zonecam.sdk.api.DevicesApi;
import io.zonecam.sdk.model.CameraClaim;
import io.zonecam.sdk.model.CameraRegistration;
import io.zonecam.sdk.model.CertificateSigningRequest;
import io.zonecam.sdk.model.DeviceProvisioning;
import io.zonecam.sdk.model.DeviceProvisioningDevicesInner;
import io.zonecam.sdk.model.DeviceToken;
import io.zonecam.sdk.model.SignedCertificate;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * ControlPlane registers simulated cameras and fetches their device tokens through the generated Java SDK, exactly
 * as a device and its owner would: an operator provisions serials and claim codes ({@code POST /v1/devices}, bearer),
 * the owner claims them ({@code POST /v1/cameras}, API key) and each camera exchanges its device secret for a token
 * and its ingest URLs ({@code POST /v1/devices/token}, HTTP Basic cameraId:deviceSecret) and, with the same
 * credentials, a CSR for its device-bus client certificate ({@code POST /v1/certificates/camera}).
 *
 * <p>Calls block; run them off the event loops.
 */
public final class ControlPlane {

    /** Largest provisioning batch the API accepts. */
    public static final int PROVISION_BATCH = 1000;

    private final ApiClient client;
    private final String apiKey;
    private final String operatorToken;

    /**
     * @param baseUri       the control plane, e.g. {@code http://localhost:8080}
     * @param apiKey        an owner API key ({@code zk_...}), or null when cameras are not claimed here
     * @param operatorToken an operator bearer token, or null when serials are already provisioned
     */
    public ControlPlane(URI baseUri, String apiKey, String operatorToken) {
        this.client = new ApiClient();
        client.updateBaseUri(baseUri.toString().replaceAll("/+$", ""));
        client.setConnectTimeout(Duration.ofSeconds(5));
        client.setReadTimeout(Duration.ofSeconds(15));
        this.apiKey = apiKey;
        this.operatorToken = operatorToken;
    }

    /** A claim code derived from the serial, so a rerun claims the same cameras again (claims are idempotent). */
    public static String claimCodeFor(String serial) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("zonecam-sim:" + serial).getBytes(StandardCharsets.UTF_8));
            return "SIM-" + HexFormat.of().formatHex(h, 0, 6).toUpperCase(java.util.Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Provisions serials with their derived claim codes; returns how many were new. */
    public int provision(List<String> serials) throws ApiException {
        if (operatorToken == null) {
            throw new IllegalStateException("provisioning needs an operator token");
        }
        int added = 0;
        for (int i = 0; i < serials.size(); i += PROVISION_BATCH) {
            List<DeviceProvisioningDevicesInner> batch = new ArrayList<>();
            for (String s : serials.subList(i, Math.min(serials.size(), i + PROVISION_BATCH))) {
                batch.add(new DeviceProvisioningDevicesInner()
                        .serial(s)
                        .claimCode(claimCodeFor(s))
                        .model("zonecam-camera-sim"));
            }
            added += new DevicesApi(client)
                    .provisionDevices(
                            new DeviceProvisioning().devices(batch), Map.of("Authorization", "Bearer " + operatorToken))
                    .getAdded();
        }
        return added;
    }

    /** Claims one camera into the API key's organization; returns its id and a fresh device secret. */
    public CameraCredentials claim(String serial, String name) throws ApiException {
        if (apiKey == null) {
            throw new IllegalStateException("claiming needs an owner API key");
        }
        CameraRegistration r = new CamerasApi(client)
                .registerCamera(
                        new CameraClaim()
                                .serial(serial)
                                .claimCode(claimCodeFor(serial))
                                .name(name),
                        Map.of("X-Api-Key", apiKey));
        return new CameraCredentials(
                r.getCredentials().getCameraId().toString(), r.getCredentials().getDeviceSecret());
    }

    /** Exchanges the device secret for a device token with ingest URLs. */
    public DeviceToken deviceToken(CameraCredentials c) throws ApiException {
        return new DevicesApi(client).createDeviceToken(deviceAuthorization(c));
    }

    /** Sends the camera's CSR (PEM) and returns its device-bus certificate; renewal is the same call. */
    public SignedCertificate cameraCertificate(CameraCredentials c, String csrPem) throws ApiException {
        return new CertificatesApi(client)
                .issueCameraCertificate(new CertificateSigningRequest().csr(csrPem), deviceAuthorization(c));
    }

    private static Map<String, String> deviceAuthorization(CameraCredentials c) {
        String basic = Base64.getEncoder()
                .encodeToString((c.cameraId() + ":" + c.deviceSecret()).getBytes(StandardCharsets.UTF_8));
        return Map.of("Authorization", "Basic " + basic);
    }
}
