package io.zonecam.contracts.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * BusCodec reads and writes device bus messages as JSON, strictly: a message of another schema version, an unknown
 * type, a missing field or more than {@link #MAX_BYTES} bytes is refused with a {@link BusException}.
 */
public final class BusCodec {

    /** Largest message accepted; commands and states are a few hundred bytes. */
    public static final int MAX_BYTES = 4096;

    /** Most entries in a camera event's {@code data}. */
    public static final int MAX_EVENT_DATA = 32;

    private static final int MAX_SETTINGS = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private BusCodec() {}

    public static byte[] encode(CameraCommand c) {
        ObjectNode n = message(CameraCommand.VERSION);
        n.put("id", c.id());
        n.put("type", wireName(c.type()));
        n.put("reason", c.reason());
        n.put("issuedAt", c.issuedAt().toString());
        if (c.deadline() != null) {
            n.put("deadline", c.deadline().toString());
        }
        return write(putMap(n, "settings", c.settings()));
    }

    public static CameraCommand decodeCommand(byte[] bytes) {
        JsonNode n = read(bytes);
        CameraCommand.Type t = constant(n, "type", CameraCommand.Type.class, "command type");
        Map<String, String> settings = stringMap(n.get("settings"), "settings", MAX_SETTINGS, false);
        return new CameraCommand(
                text(n, "id"),
                t,
                n.path("reason").asText(""),
                instant(n, "issuedAt", true),
                instant(n, "deadline", false),
                settings);
    }

    public static byte[] encode(CameraState s) {
        ObjectNode n = message(CameraState.VERSION);
        n.put("status", wireName(s.status()));
        if (!s.node().isEmpty()) {
            n.put("node", s.node());
        }
        if (!s.commandId().isEmpty()) {
            n.put("commandId", s.commandId());
        }
        if (s.at() != null) {
            n.put("at", s.at().toString());
        }
        return write(n);
    }

    public static CameraState decodeState(byte[] bytes) {
        JsonNode n = read(bytes);
        CameraState.Status st = constant(n, "status", CameraState.Status.class, "camera status");
        return new CameraState(
                st, n.path("node").asText(""), n.path("commandId").asText(""), instant(n, "at", false));
    }

    public static byte[] encode(CameraEvent e) {
        ObjectNode n = message(CameraEvent.VERSION);
        n.put("type", wireName(e.type()));
        n.put("occurredAt", e.occurredAt().toString());
        return write(putMap(n, "data", e.data()));
    }

    /** A camera event; {@code data}, when present, must be an object of scalar values. */
    public static CameraEvent decodeEvent(byte[] bytes) {
        JsonNode n = read(bytes);
        CameraEvent.Type type = constant(n, "type", CameraEvent.Type.class, "event type");
        JsonNode d = n.get("data");
        Map<String, String> data = stringMap(d == null || d.isNull() ? null : d, "data", MAX_EVENT_DATA, true);
        return new CameraEvent(type, instant(n, "occurredAt", true), data);
    }

    /** Adds a non-empty map as an object field (an empty one is left out); returns {@code n}. */
    private static ObjectNode putMap(ObjectNode n, String field, Map<String, String> map) {
        if (!map.isEmpty()) {
            ObjectNode o = n.putObject(field);
            map.forEach(o::put);
        }
        return n;
    }

    /**
     * The entries of an optional object field ({@code v} null when absent) as text, in order; with
     * {@code scalarsOnly} a nested object or array is refused instead of read as empty text.
     */
    private static Map<String, String> stringMap(JsonNode v, String field, int max, boolean scalarsOnly) {
        Map<String, String> map = new LinkedHashMap<>();
        if (v == null) {
            return map;
        }
        if (!v.isObject() || v.size() > max) {
            throw new BusException(field + " must be an object of at most " + max + " entries");
        }
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) v::fields) {
            if (scalarsOnly && !e.getValue().isValueNode()) {
                throw new BusException(field + " '" + e.getKey() + "' must be a text, number or boolean");
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    /** A message object of schema {@code version}. */
    private static ObjectNode message(int version) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", version);
        return n;
    }

    /** An enum constant as the bus spells it: its name in lower case ({@link #constant} reads it back). */
    private static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The enum constant a field names in lower case; {@code what} names the field in the refusal. */
    private static <E extends Enum<E>> E constant(JsonNode n, String field, Class<E> type, String what) {
        String value = text(n, field);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BusException("unknown " + what + " '" + value + "'");
        }
    }

    private static JsonNode read(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes.length > MAX_BYTES) {
            throw new BusException("message empty or larger than " + MAX_BYTES + " bytes");
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new BusException("message is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new BusException("message is not a JSON object");
        }
        int v = n.path("v").asInt(-1);
        if (v != 1) {
            throw new BusException("unsupported schema version " + n.path("v"));
        }
        return n;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > 256) {
            throw new BusException("field '" + field + "' missing or invalid");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null) {
            if (required) {
                throw new BusException("field '" + field + "' missing");
            }
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new BusException("field '" + field + "' is not an ISO-8601 instant");
        }
    }

    private static byte[] write(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
