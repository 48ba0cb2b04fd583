package io.zonecam.e2e;

import io.zonecam.testing.mqtt.TestCa;
import io.zonecam.testing.mqtt.TlsMosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * BusObserver watches the device bus with {@code mosquitto_sub} (lines {@code <topic> <payload>}) the way the ACL
 * allows, since no identity may read every camera's commands: one client with the zone's node identity reads every
 * camera's state, and one per camera, with a certificate naming that camera, reads its commands. Certificates come
 * from the platform CA (the test holds its key); client ids are the observer's own, so no camera is kicked off.
 */
final class BusObserver implements AutoCloseable {

    private final List<ManagedProcess> subscribers = new ArrayList<>();

    private BusObserver() {}

    static BusObserver start(TlsMosquitto bus, TestCa ca, String zone, List<UUID> cameras, Path out)
            throws IOException {
        BusObserver o = new BusObserver();
        String run = Long.toString(System.nanoTime());
        TestCa.Issued node = ca.issueClient("observer-node-" + run, "/O=zonecam-nodes/OU=" + zone + "/CN=node." + zone);
        o.subscribe(bus, node, "observer-states-" + run, "zonecam/v1/cameras/+/state", out);
        for (UUID camera : cameras) {
            TestCa.Issued as = ca.issueClient("observer-" + camera + "-" + run, "/OU=" + zone + "/CN=" + camera);
            o.subscribe(bus, as, "observer-" + camera + "-" + run, "zonecam/v1/cameras/" + camera + "/commands", out);
        }
        return o;
    }

    private void subscribe(TlsMosquitto bus, TestCa.Issued identity, String clientId, String topic, Path out)
            throws IOException {
        subscribers.add(ManagedProcess.start(
                "mosquitto-sub-" + clientId,
                List.of(
                        "mosquitto_sub",
                        "-h",
                        bus.host(),
                        "-p",
                        Integer.toString(bus.port()),
                        "--cafile",
                        bus.caFile().toString(),
                        "--cert",
                        identity.certificate().toString(),
                        "--key",
                        identity.key().toString(),
                        "-i",
                        clientId,
                        "-v",
                        "-t",
                        topic),
                Map.of(),
                out,
                out.resolve("platform-logs")));
    }

    /** Every line seen so far, all subscribers together. */
    List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (ManagedProcess p : subscribers) {
            lines.addAll(Files.readAllLines(p.log()));
        }
        return lines;
    }

    @Override
    public void close() {
        subscribers.forEach(ManagedProcess::close);
    }
}
