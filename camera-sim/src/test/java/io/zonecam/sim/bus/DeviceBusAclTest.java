package io.zonecam.sim.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.contracts.bus.Topics;
import io.zonecam.sim.testing.TestBus;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A camera may use only its own topics. This runs a real Mosquitto with the device-bus configuration the project
 * ships ({@code scripts/mosquitto/render}: TLS, a client certificate of the platform CA required, its CN as the user
 * name, the ACL of the IoT policies) and cameras whose certificates the test CA issued for their own CSRs, made by
 * the simulator's {@link DeviceIdentity}. It proves that one camera cannot read another's commands, write another's
 * state, or listen to the whole tree, and that a camera without its certificate is not let in. On AWS IoT Core the
 * same rule is the thing policy in iac/ ({@code ${iot:Connection.Thing.ThingName}}), checked by the CDK tests.
 */
class DeviceBusAclTest {

    private static final String DONE = "barrier";

    static TestBus bus;
    static DeviceCertificates certificates;

    @BeforeAll
    static void startBus() throws Exception {
        bus = TestBus.start();
        certificates = new DeviceCertificates(bus.trust(), 2);
    }

    @AfterAll
    static void stopBus() {
        certificates.close();
        bus.close();
    }

    /** A camera's client: its own key and a certificate for it, over mutual TLS. */
    static MqttClient camera(String id) throws Exception {
        DeviceIdentity identity =
                certificates.obtain(id, bus.issuer(Duration.ofDays(7))).get(30, TimeUnit.SECONDS);
        return connect(id, identity);
    }

    static MqttClient connect(String id, DeviceIdentity identity) throws MqttException {
        MqttClient c = new MqttClient(bus.uri(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(identity.socketFactory());
        o.setConnectionTimeout(10);
        c.connect(o);
        return c;
    }

    @Test
    void shouldKeepEachCameraToItsOwnTopics() throws Exception {
        MqttClient a = camera("cam-a");
        MqttClient b = camera("cam-b");
        MqttClient node = bus.node();
        List<String> heardByA = new CopyOnWriteArrayList<>();
        List<String> heardByB = new CopyOnWriteArrayList<>();
        List<String> heardByNode = new CopyOnWriteArrayList<>();
        try {
            a.subscribe(Topics.commands("cam-a"), 1, (t, m) -> heardByA.add(t + " " + new String(m.getPayload())));
            // A tries to listen to B's commands and to everything: the broker must deliver it nothing of B's.
            subscribeIgnoringRefusal(a, Topics.commands("cam-b"), heardByA);
            subscribeIgnoringRefusal(a, Topics.ROOT + "/#", heardByA);
            b.subscribe(Topics.commands("cam-b"), 1, (t, m) -> heardByB.add(t + " " + new String(m.getPayload())));
            node.subscribe(
                    Topics.ROOT + "/+/state", 1, (t, m) -> heardByNode.add(t + " " + new String(m.getPayload())));

            node.publish(Topics.commands("cam-b"), "for-b".getBytes(), 1, false);
            node.publish(Topics.commands("cam-a"), "for-a".getBytes(), 1, false);
            a.publish(Topics.state("cam-a"), "a-online".getBytes(), 1, false);
            // A forges B's state and sends B a command: both must be dropped by the broker.
            a.publish(Topics.state("cam-b"), "forged-b-offline".getBytes(), 1, false);
            a.publish(Topics.commands("cam-b"), "forged-command".getBytes(), 1, false);
            b.publish(Topics.state("cam-b"), "b-online".getBytes(), 1, false);

            // Barriers instead of a fixed wait: each is sent after everything the broker must drop, on a path it must
            // allow, to one listener. The broker handles a client's messages in order and queues a message to the
            // subscribers before it acknowledges it (a QoS 1 publish returns on that acknowledgement), so once every
            // listener has heard its barrier, anything wrongly forwarded to it would have arrived before.
            a.publish(Topics.state("cam-a"), DONE.getBytes(), 1, false); // after A's forgeries, to the node
            node.publish(Topics.commands("cam-b"), DONE.getBytes(), 1, false); // after A's forged command, to B
            node.publish(Topics.commands("cam-a"), DONE.getBytes(), 1, false); // after everything, to A
            Await.until(
                    "every listener to hear its messages and its barrier",
                    Duration.ofSeconds(5),
                    () -> heardByA.contains(Topics.commands("cam-a") + " " + DONE)
                            && heardByB.contains(Topics.commands("cam-b") + " " + DONE)
                            && heardByNode.contains(Topics.state("cam-a") + " " + DONE)
                            && heardByNode.contains(Topics.state("cam-b") + " b-online"));
            // A hears its own command (once per matching subscription: its own and the '#' one) and nothing of B's.
            assertThat(withoutBarrier(heardByA))
                    .isNotEmpty()
                    .allMatch(m -> m.equals(Topics.commands("cam-a") + " for-a"));
            assertThat(withoutBarrier(heardByB)).containsExactly(Topics.commands("cam-b") + " for-b");
            assertThat(withoutBarrier(heardByNode))
                    .containsExactlyInAnyOrder(
                            Topics.state("cam-a") + " a-online", Topics.state("cam-b") + " b-online");
        } finally {
            for (MqttClient c : new MqttClient[] {a, b, node}) {
                c.disconnect();
                c.close();
            }
        }
    }

    private static List<String> withoutBarrier(List<String> heard) {
        return heard.stream().filter(m -> !m.endsWith(" " + DONE)).toList();
    }

    @Test
    void shouldRefuseACameraWithoutItsCertificate() throws Exception {
        DeviceIdentity uncertified = new DeviceIdentity("cam-c", bus.trust()); // a key, no certificate yet
        assertThatThrownBy(() -> connect("cam-c", uncertified)).isInstanceOf(MqttException.class);
    }

    private static void subscribeIgnoringRefusal(MqttClient c, String filter, List<String> sink) {
        try {
            c.subscribe(filter, 1, (t, m) -> sink.add(t + " " + new String(m.getPayload())));
        } catch (MqttException e) {
            // Newer brokers refuse the subscription outright (SUBACK 0x80); older ones accept and deliver nothing.
        }
    }
}
