package io.zonecam.sim.bus;

import io.zonecam.contracts.bus.BusCodec;
import io.zonecam.contracts.bus.BusException;
import io.zonecam.contracts.bus.CameraCommand;
import io.zonecam.contracts.bus.CameraEvent;
import io.zonecam.contracts.bus.CameraState;
import io.zonecam.contracts.bus.Topics;
import io.zonecam.sim.camera.CameraEvents;
import io.zonecam.sim.camera.MoveResult;
import io.zonecam.sim.camera.SimulatedCamera;
import io.zonecam.sim.camera.TargetSource;
import io.zonecam.sim.publish.PublishTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jboss.logging.Logger;

/**
 * DeviceAgent is a simulated camera's MQTT side, as a real camera's firmware would do it: it connects as the camera
 * over mutual TLS (client id = camera id = its certificate's CN, which the broker takes as its identity; see
 * {@link DeviceIdentity}) with an "offline" last will on its state topic, listens on its commands topic, and obeys:
 * {@code reconnect} fetches a fresh device token (which names the camera's new node) and moves there
 * make-before-break, then reports the command done; {@code keyframe} sends an IDR next. It can also report motion
 * on its events topic now and then, as a camera's motion detector would.
 *
 * <p>After a lost connection or a refused connect it tries again after a random delay of up to 1 s, doubling up to
 * 30 s ("full jitter"): when a broker restarts, thousands of cameras spread their TLS handshakes instead of all
 * arriving in the same second as Paho's own automatic reconnect would make them.
 *
 * <p>Duplicate commands (same id) and stale ones (issued before the last handled) are ignored, so QoS 1
 * redelivery and out-of-order delivery are harmless.
 */
public final class DeviceAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeviceAgent.class);
    private static final int REMEMBERED_COMMANDS = 64;
    /** Counters across all agents of the process. */
    public static final AtomicLong COMMANDS_HANDLED = new AtomicLong();

    public static final AtomicLong COMMANDS_IGNORED = new AtomicLong();
    public static final AtomicLong MOVES_FAILED = new AtomicLong();
    /** Completed connects (TLS handshake and MQTT CONNECT) and their total wall time. */
    public static final LongAdder CONNECTS = new LongAdder();

    public static final LongAdder CONNECT_MICROS = new LongAdder();
    public static final LongAdder CONNECT_FAILURES = new LongAdder();

    private static final long RETRY_BASE_MILLIS = 1000;
    private static final long RETRY_CAP_MILLIS = 30_000;
    /**
     * Only waits and then starts an asynchronous connect: one daemon thread serves every agent for the life of the
     * process (named outside the "camera-sim-" threads that a closed fleet must leave none of).
     */
    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("device-bus-retries").daemon().factory());
    /** Events published (broker acknowledged or not) across all agents of the process. */
    public static final AtomicLong EVENTS_REPORTED = new AtomicLong();
    /** One timer thread for every agent's periodic events. */
    private static final ScheduledExecutorService EVENT_TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("device-agent-events").daemon().factory());

    private final SimulatedCamera camera;
    private final TargetSource source;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final Set<String> seen = new HashSet<>();
    private final Deque<String> seenOrder = new ArrayDeque<>();
    private Instant lastIssuedAt = Instant.EPOCH;
    private volatile PublishTarget current;
    private volatile boolean moving;
    private volatile boolean closed;
    private int failedConnects;
    private long connectStartedNanos;
    private volatile ScheduledFuture<?> motion;

    /**
     * @param brokerUri the broker, {@code ssl://host:port} (the bus takes no client without a certificate)
     * @param identity  the camera's key and certificate; its id must be the camera's
     */
    public DeviceAgent(String brokerUri, SimulatedCamera camera, TargetSource source, DeviceIdentity identity)
            throws MqttException {
        if (!brokerUri.startsWith("ssl://")) {
            throw new IllegalArgumentException(
                    "the device bus takes cameras by their certificate only: want ssl://host:port, not " + brokerUri);
        }
        if (!identity.cameraId().equals(camera.id())) {
            throw new IllegalArgumentException("identity " + identity.cameraId() + " is not camera " + camera.id());
        }
        this.camera = camera;
        this.source = source;
        this.client = new MqttAsyncClient(brokerUri, camera.id(), new MemoryPersistence());
        this.options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // see the class comment: reconnects are spread here
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        options.setMaxInflight(16);
        options.setSocketFactory(identity.socketFactory());
        options.setHttpsHostnameVerificationEnabled(true);
        options.setWill(
                Topics.state(camera.id()),
                BusCodec.encode(new CameraState(CameraState.Status.OFFLINE, "", "", null)),
                1,
                true);
        client.setCallback(new Callback());
        camera.events(new CameraEvents() {
            @Override
            public void publishing(SimulatedCamera c, PublishTarget target) {
                current = target;
                if (!moving) {
                    report(target, "");
                }
            }

            @Override
            public void connectionLost(SimulatedCamera c, PublishTarget target, String reason) {
                report(null, "");
            }
        });
    }

    /** Connects in the background; reconnects by itself after broker outages and refused connects. */
    public void start() {
        connect();
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        connectStartedNanos = System.nanoTime();
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    onConnected();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    CONNECT_FAILURES.increment();
                    LOG.debugf("camera %s: device bus connect failed (%s)", camera.id(), error);
                    retry();
                }
            });
        } catch (MqttException e) {
            CONNECT_FAILURES.increment();
            LOG.debugf("camera %s: device bus connect failed (%s)", camera.id(), e);
            retry();
        }
    }

    private synchronized void onConnected() {
        CONNECTS.increment();
        CONNECT_MICROS.add((System.nanoTime() - connectStartedNanos) / 1000);
        failedConnects = 0;
    }

    /** Full jitter: a random delay up to 1 s, 2 s, 4 s ... 30 s. */
    private synchronized void retry() {
        if (closed) {
            return;
        }
        long bound = Math.min(RETRY_CAP_MILLIS, RETRY_BASE_MILLIS << Math.min(failedConnects++, 5));
        RETRIES.schedule(this::connect, ThreadLocalRandom.current().nextLong(bound + 1), TimeUnit.MILLISECONDS);
    }

    /**
     * Reports what the camera detected on its events topic (QoS 1, never retained: an event is news once). False
     * when the device bus is not connected or refused it; a real camera would drop it too.
     */
    public boolean reportEvent(CameraEvent.Type type, Instant at) {
        if (!client.isConnected()) {
            return false;
        }
        try {
            client.publish(
                    Topics.events(camera.id()),
                    BusCodec.encode(new CameraEvent(type, at, Map.of("source", "camera-sim"))),
                    1,
                    false);
            EVENTS_REPORTED.incrementAndGet();
            return true;
        } catch (MqttException e) {
            LOG.debugf("camera %s: event not published: %s", camera.id(), e.getMessage());
            return false;
        }
    }

    /** Reports motion every {@code period} (the first at a random point of the first period), until closed. */
    public void reportMotionEvery(Duration period) {
        long millis = period.toMillis();
        motion = EVENT_TIMER.scheduleAtFixedRate(
                () -> reportEvent(CameraEvent.Type.MOTION, Instant.now()),
                ThreadLocalRandom.current().nextLong(millis),
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** Whether the agent's MQTT session is up. */
    public boolean connected() {
        return client.isConnected();
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            try {
                client.subscribe(Topics.commands(camera.id()), 1);
                report(current, "");
            } catch (MqttException e) {
                LOG.warnf("camera %s: cannot subscribe to its commands: %s", camera.id(), e.getMessage());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.debugf("camera %s: device bus connection lost (%s); reconnecting", camera.id(), cause);
            retry();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            CameraCommand command;
            try {
                command = BusCodec.decodeCommand(message.getPayload());
            } catch (BusException e) {
                COMMANDS_IGNORED.incrementAndGet();
                LOG.warnf("camera %s: ignoring a malformed command: %s", camera.id(), e.getMessage());
                return;
            }
            handle(command);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }

    private synchronized void handle(CameraCommand command) {
        if (!seen.add(command.id()) || command.issuedAt().isBefore(lastIssuedAt)) {
            COMMANDS_IGNORED.incrementAndGet();
            LOG.debugf("camera %s: ignoring duplicate or stale command %s", camera.id(), command.id());
            return;
        }
        seenOrder.add(command.id());
        if (seenOrder.size() > REMEMBERED_COMMANDS) {
            seen.remove(seenOrder.poll());
        }
        lastIssuedAt = command.issuedAt();
        COMMANDS_HANDLED.incrementAndGet();
        switch (command.type()) {
            case RECONNECT -> reconnect(command);
            case KEYFRAME -> {
                camera.requestKeyframe();
                report(current, command.id());
            }
            case SETTINGS -> {
                // The simulator's stream is pre-encoded: settings are acknowledged, not applied.
                LOG.infof(
                        "camera %s: settings %s acknowledged (a pre-encoded clip cannot change)",
                        camera.id(), command.settings());
                report(current, command.id());
            }
        }
    }

    private void reconnect(CameraCommand command) {
        moving = true;
        PublishTarget from = current;
        source.next(camera.id(), from, "reconnect command " + command.id() + " (" + command.reason() + ")")
                .thenCompose(target -> camera.moveTo(target).thenApply(result -> target))
                .whenComplete((target, error) -> {
                    moving = false;
                    if (error != null) {
                        MOVES_FAILED.incrementAndGet();
                        LOG.warnf(
                                "camera %s: reconnect command %s failed: %s",
                                camera.id(), command.id(), error.getMessage());
                        return;
                    }
                    current = target;
                    report(target, command.id());
                });
    }

    private void report(PublishTarget target, String commandId) {
        if (!client.isConnected()) {
            return;
        }
        CameraState state = target == null
                ? new CameraState(CameraState.Status.OFFLINE, "", commandId, Instant.now())
                : new CameraState(
                        CameraState.Status.ONLINE, PublishTarget.redact(target.url()), commandId, Instant.now());
        try {
            client.publish(Topics.state(camera.id()), BusCodec.encode(state), 1, true);
        } catch (MqttException e) {
            LOG.debugf("camera %s: state not published: %s", camera.id(), e.getMessage());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        ScheduledFuture<?> m = motion;
        if (m != null) {
            m.cancel(false);
        }
        try {
            if (client.isConnected()) {
                client.publish(
                                Topics.state(camera.id()),
                                BusCodec.encode(new CameraState(CameraState.Status.OFFLINE, "", "", Instant.now())),
                                1,
                                true)
                        .waitForCompletion(2000);
                client.disconnect().waitForCompletion(2000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debugf("camera %s: device bus close: %s", camera.id(), e.getMessage());
        }
    }

    /** For logs. */
    static String describe(MoveResult r) {
        return String.valueOf(r);
    }
}
