package io.zonecam.contracts.bus;

import java.util.regex.Pattern;

/**
 * Topics names the device bus topics. Each camera has exactly three, under its own id, so a broker policy can let a
 * camera (MQTT client id = camera id) use only its own:
 * <pre>
 * zonecam/v1/cameras/{cameraId}/commands   platform → camera   (camera subscribes)
 * zonecam/v1/cameras/{cameraId}/state      camera → platform   (camera publishes; its last will says offline)
 * zonecam/v1/cameras/{cameraId}/events     camera → platform   (camera publishes motion, sound, tamper)
 * </pre>
 * On AWS IoT Core the policy uses {@code ${iot:Connection.Thing.ThingName}} in place of the id (see iac/).
 */
public final class Topics {

    /** The default root; the control plane's {@code zonecam.mqtt.topic-root}. */
    public static final String ROOT = "zonecam/v1/cameras";
    /** Last level of the topic a camera receives commands on. */
    public static final String COMMANDS = "commands";
    /** Last level of the topic a camera reports its state on. */
    public static final String STATE = "state";
    /** Last level of the topic a camera reports what it detected on. */
    public static final String EVENTS = "events";

    private static final Pattern CAMERA_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private Topics() {}

    /** The topic a camera receives commands on. */
    public static String commands(String cameraId) {
        return ROOT + "/" + checked(cameraId) + "/" + COMMANDS;
    }

    /** The topic a camera reports its state on. */
    public static String state(String cameraId) {
        return ROOT + "/" + checked(cameraId) + "/" + STATE;
    }

    /** The topic a camera reports its events on. */
    public static String events(String cameraId) {
        return ROOT + "/" + checked(cameraId) + "/" + EVENTS;
    }

    /** The subscription filter for every camera's state. */
    public static String allStates() {
        return ROOT + "/+/" + STATE;
    }

    /**
     * The stream nodes' subscription to every camera's state: one MQTT shared subscription (group {@code zonecam-nodes}),
     * so the broker hands each state to one node.
     */
    public static String nodeStates() {
        return "$share/zonecam-nodes/" + allStates();
    }

    /** The subscription filter for every camera's events. */
    public static String allEvents() {
        return ROOT + "/+/" + EVENTS;
    }

    /** The stream nodes' shared subscription to every camera's events, in the same group as {@link #nodeStates}. */
    public static String nodeEvents() {
        return "$share/zonecam-nodes/" + allEvents();
    }

    /** The camera id in a commands, state or events topic, or {@code null} when the topic is not one. */
    public static String cameraOf(String topic) {
        if (topic == null || !topic.startsWith(ROOT + "/")) {
            return null;
        }
        String rest = topic.substring(ROOT.length() + 1);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String id = rest.substring(0, slash);
        String leaf = rest.substring(slash + 1);
        return CAMERA_ID.matcher(id).matches() && (leaf.equals(COMMANDS) || leaf.equals(STATE) || leaf.equals(EVENTS))
                ? id
                : null;
    }

    private static String checked(String cameraId) {
        // A '+', '#' or '/' in an id would widen a topic into a wildcard or another camera's tree.
        if (cameraId == null || !CAMERA_ID.matcher(cameraId).matches()) {
            throw new IllegalArgumentException("not a camera id: " + cameraId);
        }
        return cameraId;
    }
}
