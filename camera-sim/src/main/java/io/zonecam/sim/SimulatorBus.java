package io.zonecam.sim;

import io.zonecam.contracts.bus.ClientTls;
import io.zonecam.sim.bus.DeviceAgent;
import io.zonecam.sim.bus.DeviceCertificates;
import io.zonecam.sim.bus.DeviceIdentity;
import io.zonecam.sim.camera.SimulatedCamera;
import io.zonecam.sim.camera.TargetSource;
import io.zonecam.sim.control.CameraCredentials;
import io.zonecam.sim.control.ControlPlane;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * SimulatorBus puts the simulator's registered cameras on the device bus: each gets its certificate from the control
 * plane ({@link DeviceCertificates}, with its device credentials) and then its {@link DeviceAgent} connects. Cameras
 * join as the simulator's ramp starts them, so their key generation and TLS handshakes are spread the same way.
 */
final class SimulatorBus implements AutoCloseable {

    /** Concurrent certificate requests: the control plane's calls, like the device tokens', are paced. */
    private static final int CERTIFICATE_THREADS = 4;

    private final String brokerUri;
    private final ControlPlane controlPlane;
    private final DeviceCertificates certificates;
    private final PrintStream out;

    SimulatorBus(String brokerUri, Path caPem, ControlPlane controlPlane, PrintStream out) throws IOException {
        this.brokerUri = brokerUri;
        this.controlPlane = controlPlane;
        this.certificates = new DeviceCertificates(ClientTls.trust(caPem), CERTIFICATE_THREADS);
        this.out = out;
    }

    /**
     * Gives the camera its agent at once (so it hears the camera's first session), certifies it and starts the agent
     * once it has a certificate; the agent is closed with {@code cleanup}.
     */
    void join(
            SimulatedCamera camera,
            CameraCredentials credentials,
            TargetSource source,
            Duration motionEvery,
            List<Runnable> cleanup) {
        if (credentials == null) {
            out.println("camera " + camera.id() + ": no device credentials, so no certificate: not on the device bus");
            return;
        }
        DeviceIdentity identity = certificates.newIdentity(camera.id());
        DeviceAgent agent;
        try {
            agent = new DeviceAgent(brokerUri, camera, source, identity);
        } catch (MqttException | RuntimeException e) {
            out.println("camera " + camera.id() + ": device bus unavailable: " + e.getMessage());
            return;
        }
        synchronized (cleanup) {
            cleanup.add(0, agent::close);
        }
        if (motionEvery != null) {
            agent.reportMotionEvery(motionEvery); // published only while connected
        }
        certificates
                .certify(identity, csr -> controlPlane.cameraCertificate(credentials, csr))
                .thenRun(agent::start);
    }

    /** For the periodic summary line. */
    String summary() {
        long connects = DeviceAgent.CONNECTS.sum();
        return "bus certificates " + certificates.issued() + " renewed " + certificates.renewed() + " failed "
                + certificates.failures() + " (key+CSR " + certificates.meanKeyCpuMicros() + " µs cpu) | connects "
                + connects + " failed " + DeviceAgent.CONNECT_FAILURES.sum() + " (mean "
                + (connects == 0 ? 0 : DeviceAgent.CONNECT_MICROS.sum() / connects / 1000) + " ms) | commands "
                + DeviceAgent.COMMANDS_HANDLED.get() + " ignored " + DeviceAgent.COMMANDS_IGNORED.get()
                + " failed moves " + DeviceAgent.MOVES_FAILED.get() + " events " + DeviceAgent.EVENTS_REPORTED.get();
    }

    @Override
    public void close() {
        certificates.close();
    }
}
