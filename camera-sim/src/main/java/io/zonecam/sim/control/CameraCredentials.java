package io.zonecam.sim.control;

/**
 * CameraCredentials is what a camera keeps after registration: its id and the device secret it exchanges for
 * short-lived device tokens.
 *
 * @param cameraId     the camera id (UUID)
 * @param deviceSecret the device secret (shown once by the control plane)
 */
public record CameraCredentials(String cameraId, String deviceSecret) {

    @Override
    public String toString() {
        return "CameraCredentials[" + cameraId + "]"; // the secret stays out of logs
    }
}
