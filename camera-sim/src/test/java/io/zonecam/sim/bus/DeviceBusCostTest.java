package io.zonecam.sim.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.zonecam.sim.testing.TestBus;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What a certificate-bearing camera costs the simulator's process, so a run of thousands can be planned: the CPU of
 * making its key and CSR, and the CPU of one mutual-TLS MQTT connect (handshake with ECDHE and an ECDSA client
 * signature, CONNECT) against the real TLS Mosquitto. Measured after a warm-up, printed, and bounded loosely (a
 * bound a 2-core machine meets with a wide margin, which a per-connect regression such as an RSA key or a fresh
 * trust store per camera would break).
 */
class DeviceBusCostTest {

    private static final Logger LOG = Logger.getLogger(DeviceBusCostTest.class);
    private static final int WARM_UP = 20;
    private static final int CAMERAS = 100;

    @Test
    void shouldMakeKeysAndHandshakesCheapEnoughForThousandsOfCameras() throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (TestBus bus = TestBus.start();
                DeviceCertificates certificates = new DeviceCertificates(bus.trust(), 2)) {
            List<DeviceIdentity> identities = new ArrayList<>();
            for (int i = 0; i < WARM_UP + CAMERAS; i++) {
                identities.add(certificates
                        .obtain("cost-" + i, bus.issuer(Duration.ofDays(7)))
                        .get(30, TimeUnit.SECONDS));
            }
            close(connectAll(bus, identities.subList(0, WARM_UP)));
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            List<MqttClient> measured = connectAll(bus, identities.subList(WARM_UP, WARM_UP + CAMERAS));
            double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / CAMERAS;
            double wallMs = (System.nanoTime() - t0) / 1e6 / CAMERAS;
            close(measured);
            double keyMs = certificates.meanKeyCpuMicros() / 1000.0;
            LOG.infof(
                    "device bus cost per camera: key+CSR %.2f ms CPU; mutual-TLS connect %.2f ms CPU of this process, "
                            + "%.2f ms wall (%d cameras, one at a time)",
                    keyMs, cpuMs, wallMs, CAMERAS);
            assertThat(keyMs).isLessThan(20);
            assertThat(cpuMs).isLessThan(50);
        }
    }

    private static List<MqttClient> connectAll(TestBus bus, List<DeviceIdentity> identities) throws Exception {
        List<MqttClient> clients = new ArrayList<>();
        for (DeviceIdentity id : identities) {
            MqttClient c = new MqttClient(bus.uri(), id.cameraId(), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(id.socketFactory());
            o.setConnectionTimeout(10);
            c.connect(o);
            clients.add(c);
        }
        return clients;
    }

    private static void close(List<MqttClient> clients) throws Exception {
        for (MqttClient c : clients) {
            c.disconnect(0);
            c.close();
        }
    }
}
