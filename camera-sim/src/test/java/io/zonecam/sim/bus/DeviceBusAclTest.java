package io.zonecam.sim.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.contracts.bus.Topics;
import io.zonecam.testing.Await;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A camera may use only its own topics. This runs a real Mosquitto with the ACL a secured local or on-premises
 * broker would use (user name = camera id, client id forced to the user name) and proves that one camera cannot
 * read another's commands, write another's state, or listen to the whole tree. On AWS IoT Core the same rule is the
 * thing policy in iac/ ({@code ${iot:Connection.Thing.ThingName}}); that policy is checked by the CDK tests, not
 * here — what this test proves is the topic layout: every permission a camera needs is under its own id.
 */
class DeviceBusAclTest {

    private static final String DONE = "barrier";

    static Process broker;
    static int port;
    static Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Files.createTempDirectory("mosquitto-acl");
        // Started as root, mosquitto drops to its own user, which must still read the files.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "");
        for (String[] user :
                new String[][] {{"cam-a", "secret-a"}, {"cam-b", "secret-b"}, {"zonecam-node", "node-secret"}}) {
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwd.toString(), user[0], user[1])
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        }
        Path acl = dir.resolve("acl");
        Files.writeString(
                acl,
                String.join(
                        "\n",
                        "# cameras: their own commands (read) and state (write) only; %u is the authenticated user = camera id",
                        "pattern read " + Topics.ROOT + "/%u/commands",
                        "pattern write " + Topics.ROOT + "/%u/state",
                        "# the platform's command sender",
                        "user zonecam-node",
                        "topic write " + Topics.ROOT + "/+/commands",
                        "topic read " + Topics.ROOT + "/+/state",
                        ""));
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "listener " + port + " 127.0.0.1",
                        "allow_anonymous false",
                        "password_file " + passwd,
                        "acl_file " + acl,
                        "use_username_as_clientid true",
                        "persistence false",
                        ""));
        broker = new ProcessBuilder("mosquitto", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        try {
            Await.value(
                    "mosquitto to accept connections",
                    Duration.ofSeconds(10),
                    () -> {
                        new Socket("127.0.0.1", port).close();
                        return true;
                    },
                    up -> up);
        } catch (AssertionError e) {
            throw new IllegalStateException(
                    "mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")), e);
        }
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            broker.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static MqttClient connect(String user, String password) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, user + "-client", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setConnectionTimeout(5);
        c.connect(o);
        return c;
    }

    @Test
    void shouldKeepEachCameraToItsOwnTopics() throws Exception {
        MqttClient a = connect("cam-a", "secret-a");
        MqttClient b = connect("cam-b", "secret-b");
        MqttClient node = connect("zonecam-node", "node-secret");
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
    void shouldRefuseAWrongPassword() {
        assertThatThrownBy(() -> connect("cam-a", "guess")).isInstanceOf(MqttException.class);
    }

    private static void subscribeIgnoringRefusal(MqttClient c, String filter, List<String> sink) {
        try {
            c.subscribe(filter, 1, (t, m) -> sink.add(t + " " + new String(m.getPayload())));
        } catch (MqttException e) {
            // Newer brokers refuse the subscription outright (SUBACK 0x80); older ones accept and deliver nothing.
        }
    }
}
