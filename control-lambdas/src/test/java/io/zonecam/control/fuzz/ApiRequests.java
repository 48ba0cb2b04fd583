package io.zonecam.control.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zonecam.control.fuzz.ApiSpec.Operation;
import io.zonecam.control.fuzz.ApiSpec.Param;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * ApiRequests makes the fuzzer's requests from the spec: first a request the spec allows (values drawn from each
 * schema, the test world's ids and credentials), then, most of the time, exactly one change at one place (a path or
 * query parameter, a body field, the whole body, the credentials or a header): edge and hostile values (long strings,
 * NUL and control characters, emoji and combining marks, huge, negative and fractional numbers, wrong JSON types,
 * missing required fields, broken dates and UUIDs, non-JSON bodies). Whether the changed request is still one the spec
 * allows is decided by validating the changed value against its schema, never by guessing.
 */
final class ApiRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The ids and credentials of the world the fuzz runs in. */
    record World(
            String organizationId,
            String ownerKey,
            String operatorToken,
            String zoneId,
            String nodeKey,
            String nodeId,
            String cameraId,
            String deviceSecret) {}

    /** One request, ready to send, and what the fuzzer did to it. */
    record Request(
            Operation op,
            String method,
            String url,
            Map<String, String> headers,
            String body,
            String location,
            String mutation,
            boolean specInvalid,
            boolean credentialsChanged) {

        /**
         * The violation signature's stable part: operation, place and kind of change. Changes the HTTP layer answers
         * before any route (oversized headers and bodies) are one finding for all operations: "*".
         */
        String where() {
            boolean httpLayer =
                    mutation.equals("oversized-header") || (location.equals("body") && mutation.equals("huge"));
            return (httpLayer ? "*" : op.operationId()) + " " + location + " " + mutation;
        }
    }

    private final ApiSpec spec;
    private final World world;
    private final long seed;
    private long sent;
    private Random random;

    ApiRequests(ApiSpec spec, World world, long seed) {
        this.spec = spec;
        this.world = world;
        this.seed = seed;
    }

    /**
     * The next request. Operations take turns (sorted by operationId), and each request's random choices come from
     * the seed, its operation and its turn only: a change to one operation of the spec leaves the requests made for
     * the others as they were, so the fixed-seed run in the normal build stays comparable.
     */
    Request next() {
        List<Operation> ops = spec.operations();
        Operation op = ops.get((int) (sent % ops.size()));
        long turn = sent / ops.size();
        sent++;
        random = new Random(seed * 1_000_003L + op.operationId().hashCode() * 8_191L + turn);
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> queryValues = new LinkedHashMap<>();
        for (Param p : op.params()) {
            if (p.in().equals("path")) {
                pathValues.put(p.name(), op.destructive() ? unknownId(p) : pathValue(p));
            } else if (p.in().equals("query") && random.nextInt(3) == 0) {
                queryValues.put(p.name(), text(validValue(p.schema(), p.name())));
            }
        }
        JsonNode body = op.bodySchema() == null ? null : validValue(op.bodySchema(), "");
        Map<String, String> headers = credentials(op);
        String rawBody = body == null ? null : body.toString();
        String contentType = body == null ? null : "application/json";
        String location = "none";
        String mutation = "none";
        boolean invalid = false;
        boolean credentialsChanged = false;

        List<String> places = new ArrayList<>(List.of("none", "credentials", "header"));
        op.params().forEach(p -> places.add(p.in() + "." + p.name()));
        if (body != null) {
            places.addAll(List.of("body", "body.field", "body.field", "body.field", "body.field"));
        }
        String place = places.get(random.nextInt(places.size()));
        if (place.startsWith("path.") || place.startsWith("query.")) {
            Param p = op.params().stream()
                    .filter(q -> place.equals(q.in() + "." + q.name()))
                    .findFirst()
                    .orElseThrow();
            String[] m = mutateText(p);
            while (p.in().equals("path") && m[1].isEmpty()) {
                m = mutateText(p); // an empty segment names another route (/v1/cameras/ is the list)
            }
            (p.in().equals("path") ? pathValues : queryValues).put(p.name(), m[1]);
            location = place;
            mutation = m[0];
            invalid = !spec.valid(p.schema(), typed(p.schema(), m[1]));
        } else if (place.equals("body.field")) {
            List<String[]> fields = new ArrayList<>();
            collect(body, op.bodySchema(), "body", fields);
            if (!fields.isEmpty()) {
                String pointer = fields.get(random.nextInt(fields.size()))[0];
                Mutated m = mutateField(body, op.bodySchema(), pointer);
                rawBody = m.body.toString();
                location = m.location;
                mutation = m.mutation;
                invalid = !spec.valid(op.bodySchema(), m.body);
            }
        } else if (place.equals("body")) {
            String[][] whole = {
                {"not-json", "{\"name\": "},
                {"empty", ""},
                {"json-array", "[]"},
                {"json-null", "null"},
                {"json-string", "\"x\""},
                {"deep-nesting", "[".repeat(5000) + "]".repeat(5000)},
                {"text-plain", rawBody},
                {"huge", "{\"name\": \"" + "x".repeat(1_200_000) + "\"}"},
            };
            String[] w = whole[random.nextInt(whole.length)];
            location = "body";
            mutation = w[0];
            rawBody = w[1];
            contentType = w[0].equals("text-plain") ? "text/plain" : contentType;
            invalid = true;
        } else if (place.equals("credentials") && !op.security().isEmpty()) {
            String[][] creds = {
                {"none", null, null},
                {"garbage-api-key", "X-Api-Key", "zk_fuzz_" + "A".repeat(40)},
                {"garbage-bearer", "Authorization", "Bearer a.b.c"},
                {"empty-bearer", "Authorization", "Bearer "},
                {"garbage-node-key", "X-Node-Key", "nk_" + "0".repeat(40)},
                {"basic-nul", "Authorization", basic(world.cameraId(), "zd_\u0000")},
            };
            String[] c = creds[random.nextInt(creds.length)];
            headers.clear();
            if (c[1] != null) {
                headers.put(c[1], c[2]);
            }
            location = "credentials";
            mutation = c[0];
            credentialsChanged = true;
        } else if (place.equals("header")) {
            location = "header";
            if (random.nextBoolean()) {
                headers.put("X-Fuzz", "x".repeat(24_000));
                mutation = "oversized-header";
            } else {
                headers.put("Accept", "application/xml");
                mutation = "accept-xml";
            }
        }

        StringBuilder url = new StringBuilder();
        for (String segment : op.path().split("/", -1)) {
            if (url.length() > 0 || !segment.isEmpty()) {
                url.append('/');
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                url.append(encode(pathValues.get(segment.substring(1, segment.length() - 1))));
            } else {
                url.append(segment);
            }
        }
        String sep = "?";
        for (Map.Entry<String, String> q : queryValues.entrySet()) {
            url.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            sep = "&";
        }
        if (contentType != null && rawBody != null) {
            headers.put("Content-Type", contentType);
        }
        return new Request(
                op, op.method(), url.toString(), headers, rawBody, location, mutation, invalid, credentialsChanged);
    }

    // ---- valid values -------------------------------------------------------------------------------------------

    private JsonNode validValue(JsonNode schema, String field) {
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum")) {
            JsonNode e = schema.get("enum");
            return e.get(random.nextInt(e.size()));
        }
        String type = schema.path("type").asText("object");
        return switch (type) {
            case "string" -> NODES.textNode(validString(schema, field));
            case "integer" -> {
                long min = schema.path("minimum").asLong(field.equals("limit") ? 1 : 0);
                long max = schema.path("maximum").asLong(min + 1000);
                if (field.equals("expiresInSeconds")) {
                    max = Math.min(max, 3600);
                }
                yield NODES.numberNode(min + (long) random.nextInt((int) Math.min(max - min, 1000) + 1));
            }
            case "number" ->
                NODES.numberNode(
                        schema.has("maximum") ? schema.get("maximum").asDouble() / 2 : random.nextInt(100) / 10.0);
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "array" -> {
                ArrayNode a = NODES.arrayNode();
                int n = schema.path("minItems").asInt(0) + random.nextInt(2);
                for (int i = 0; i < n; i++) {
                    a.add(validValue(schema.path("items"), field));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                Iterator<Map.Entry<String, JsonNode>> props =
                        schema.path("properties").fields();
                while (props.hasNext()) {
                    Map.Entry<String, JsonNode> p = props.next();
                    boolean take = required.contains(p.getKey())
                            || random.nextBoolean()
                            || o.size() < schema.path("minProperties").asInt(0);
                    if (take) {
                        o.set(p.getKey(), validValue(p.getValue(), p.getKey()));
                    }
                }
                yield o;
            }
        };
    }

    private String validString(JsonNode schema, String field) {
        String format = schema.path("format").asText("");
        String token = Long.toString(random.nextLong() & 0xFFFFFFFFL, 36);
        if (format.equals("uuid")) {
            return field.equals("organizationId")
                    ? world.organizationId()
                    : UUID.randomUUID().toString();
        }
        if (format.equals("date-time")) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            return (field.equals("from") ? now.minus(2, ChronoUnit.HOURS) : now.minus(1, ChronoUnit.HOURS)).toString();
        }
        String v = switch (field) {
            case "zone" -> world.zoneId();
            case "id" -> "fz-" + token;
            case "serial" -> "SN-FZ-" + token;
            case "claimCode" -> "CODE-" + token;
            case "region" -> "fz-" + token;
            case "host" -> token + ".fuzz.test";
            case "httpUrl" -> "http://" + token + ".fuzz.test:8080";
            case "cursor" -> token;
            default -> "fuzz " + token;
        };
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        return v.length() > max ? v.substring(0, max) : v;
    }

    private String pathValue(Param p) {
        return switch (p.name()) {
            case "cameraId" -> world.cameraId();
            case "zoneId" -> world.zoneId();
            case "nodeId" -> world.nodeId();
            case "organizationId" -> world.organizationId();
            default -> UUID.randomUUID().toString();
        };
    }

    /** For operations that delete or drain: an id of the right form that names nothing, so the world stays. */
    private String unknownId(Param p) {
        return p.name().equals("zoneId")
                ? "fz-none-" + random.nextInt(1_000_000)
                : UUID.randomUUID().toString();
    }

    private Map<String, String> credentials(Operation op) {
        Map<String, String> h = new LinkedHashMap<>();
        List<String> security = op.security();
        if (security.contains("nodeKey")) {
            h.put("X-Node-Key", world.nodeKey());
        } else if (security.contains("deviceSecret")) {
            h.put("Authorization", basic(world.cameraId(), world.deviceSecret()));
        } else if (security.contains("apiKey")) {
            h.put("X-Api-Key", world.ownerKey());
        } else if (security.contains("bearer")) {
            h.put("Authorization", "Bearer " + world.operatorToken());
        }
        return h;
    }

    private static String basic(String user, String password) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // ---- changes ------------------------------------------------------------------------------------------------

    /** A changed parameter value (as text on the wire): {mutation name, value}. */
    private String[] mutateText(Param p) {
        String type = p.schema().path("type").asText("string");
        long max = p.schema().path("maximum").asLong(1000);
        int maxLength = p.schema().path("maxLength").asInt(100);
        String[][] common = {
            {"empty", ""},
            {"nul", "a\u0000b"},
            {"control-chars", "\u0001\u001b[31m\r\n"},
            {"emoji", "\uD83D\uDCF7".repeat(Math.min(maxLength, 60))},
            {"combining", "e\u0301".repeat(30)},
            {"over-max-length", "x".repeat(maxLength + 1)},
            {"very-long", "x".repeat(3000)},
            {"path-traversal", "../../etc/passwd"},
            {"percent", "%"},
            {"zero-uuid", "00000000-0000-0000-0000-000000000000"},
            {"not-a-uuid", "not-a-uuid"},
        };
        String[][] numeric = {
            {"letters", "abc"},
            {"negative", "-1"},
            {"zero", "0"},
            {"over-max", Long.toString(max + 1)},
            {"huge", "99999999999999999999999999"},
            {"fraction", "1.5"},
            {"exponent", "1e3"},
            {"int-overflow", "2147483648"},
        };
        String[][] pool = type.equals("integer") && random.nextInt(3) > 0 ? numeric : common;
        return pool[random.nextInt(pool.length)];
    }

    /** The parameter's text as the JSON value the spec's schema judges (integers as numbers when they look so). */
    private static JsonNode typed(JsonNode schema, String text) {
        if (schema.path("type").asText().equals("integer") && text.matches("-?[0-9]+")) {
            return new BigIntegerNode(new BigInteger(text));
        }
        return TextNode.valueOf(text);
    }

    private record Mutated(JsonNode body, String location, String mutation) {}

    /** Lists the body's fields as {pointer, schema-path} pairs (array items once, as []). */
    private static void collect(JsonNode value, JsonNode schema, String path, List<String[]> out) {
        if (value == null || schema == null) {
            return;
        }
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> props =
                    schema.path("properties").fields();
            while (props.hasNext()) {
                Map.Entry<String, JsonNode> p = props.next();
                String child = path + "." + p.getKey();
                out.add(new String[] {child});
                collect(value.get(p.getKey()), p.getValue(), child, out);
            }
        } else if (value.isArray() && !value.isEmpty()) {
            String child = path + "[]";
            out.add(new String[] {child});
            collect(value.get(0), schema.path("items"), child, out);
        }
    }

    /** Changes the field at the pointer (body.a.b[].c): a new value, or removal; parents are created as needed. */
    private Mutated mutateField(JsonNode body, JsonNode bodySchema, String pointer) {
        JsonNode copy = body.deepCopy();
        String[] steps = pointer.substring("body".length()).split("(?=[.\\[])");
        JsonNode parent = null;
        JsonNode schema = bodySchema;
        JsonNode node = copy;
        String last = null;
        for (String step : steps) {
            if (step.isEmpty()) {
                continue;
            }
            parent = node;
            if (step.equals("[]")) {
                schema = schema.path("items");
                last = "[]";
                node = node == null ? null : node.path(0);
            } else {
                last = step.substring(1);
                schema = schema.path("properties").path(last);
                node = node == null ? null : node.get(last);
            }
        }
        String mutationName;
        JsonNode replacement;
        boolean remove = parent instanceof ObjectNode && random.nextInt(6) == 0;
        if (remove) {
            ((ObjectNode) parent).remove(last);
            return new Mutated(copy, pointer, "missing");
        }
        Object[] m = valueMutation(schema);
        mutationName = (String) m[0];
        replacement = (JsonNode) m[1];
        if (parent instanceof ObjectNode o) {
            o.set(last, replacement);
        } else if (parent instanceof ArrayNode a && !a.isEmpty()) {
            a.set(0, replacement);
        } else {
            return new Mutated(copy, pointer, "unreachable");
        }
        return new Mutated(copy, pointer, mutationName);
    }

    /** {mutation name, new JSON value} for a field of this schema. */
    private Object[] valueMutation(JsonNode schema) {
        String type = schema.path("type").asText("");
        String format = schema.path("format").asText("");
        int maxLength = schema.path("maxLength").asInt(200);
        long max = schema.path("maximum").asLong(1000);
        long min = schema.path("minimum").asLong(0);
        List<Object[]> pool = new ArrayList<>(List.of(
                new Object[] {"wrong-type-bool", NODES.booleanNode(true)},
                new Object[] {"null", NODES.nullNode()},
                new Object[] {"wrong-type-array", NODES.arrayNode()},
                new Object[] {"wrong-type-object", NODES.objectNode()}));
        switch (type) {
            case "string" -> {
                pool.add(new Object[] {"wrong-type-number", NODES.numberNode(12345)});
                pool.add(new Object[] {"empty", NODES.textNode("")});
                pool.add(new Object[] {"nul", NODES.textNode("cam\u0000era")});
                pool.add(new Object[] {"control-chars", NODES.textNode("a\u0001\u001b[31m\r\nb")});
                pool.add(new Object[] {"over-max-length", NODES.textNode("x".repeat(maxLength + 1))});
                pool.add(new Object[] {"very-long", NODES.textNode("x".repeat(100_000))});
                pool.add(new Object[] {"emoji-at-max", NODES.textNode("\uD83D\uDCF7".repeat(Math.min(maxLength, 500)))
                });
                pool.add(new Object[] {"emoji-over-max", NODES.textNode("\uD83D\uDCF7".repeat(maxLength + 1))});
                pool.add(new Object[] {"combining", NODES.textNode("e\u0301".repeat(Math.min(maxLength / 2, 100)))});
                pool.add(new Object[] {"lone-surrogate", NODES.textNode("a\uD800b")});
                pool.add(new Object[] {"whitespace", NODES.textNode("   ")});
                if (format.equals("date-time")) {
                    pool.add(new Object[] {"year-minus-999999999", NODES.textNode("-999999999-01-01T00:00:00Z")});
                    pool.add(new Object[] {"year-999999999", NODES.textNode("+999999999-12-31T23:59:59Z")});
                    pool.add(new Object[] {"epoch-number", NODES.numberNode(1_764_150_000L)});
                    pool.add(new Object[] {"epoch-string", NODES.textNode("1764150000")});
                    pool.add(new Object[] {"no-offset", NODES.textNode("2026-11-26T10:00:00")});
                    pool.add(new Object[] {"date-only", NODES.textNode("2026-11-26")});
                    pool.add(new Object[] {"month-13", NODES.textNode("2026-13-45T25:61:00Z")});
                    pool.add(new Object[] {"year-0", NODES.textNode("0000-01-01T00:00:00Z")});
                }
                if (format.equals("uuid")) {
                    pool.add(new Object[] {"not-a-uuid", NODES.textNode("not-a-uuid")});
                    pool.add(new Object[] {"zero-uuid", NODES.textNode("00000000-0000-0000-0000-000000000000")});
                    pool.add(new Object[] {"uuid-suffix", NODES.textNode(UUID.randomUUID() + "x")});
                }
                if (schema.has("enum")) {
                    pool.add(new Object[] {"enum-case", NODES.textNode("OWNER")});
                    pool.add(new Object[] {"enum-unknown", NODES.textNode("superuser")});
                }
                if (schema.has("pattern")) {
                    pool.add(new Object[] {"pattern-breaker", NODES.textNode("a b/c\u00e9")});
                }
            }
            case "integer", "number" -> {
                pool.add(new Object[] {"wrong-type-string", NODES.textNode("12")});
                pool.add(new Object[] {"negative", NODES.numberNode(-1)});
                pool.add(new Object[] {"below-min", NODES.numberNode(min - 1)});
                pool.add(new Object[] {"over-max", NODES.numberNode(max + 1)});
                pool.add(new Object[] {"int-overflow", NODES.numberNode(2_147_483_648L)});
                pool.add(new Object[] {"long-overflow", NODES.numberNode(new BigInteger("9223372036854775808"))});
                pool.add(new Object[] {"huge", NODES.numberNode(new BigInteger("9".repeat(400)))});
                pool.add(new Object[] {"fraction", NODES.numberNode(1.5)});
                pool.add(new Object[] {"exponent", NODES.numberNode(1e308)});
            }
            case "array" -> {
                ArrayNode many = NODES.arrayNode();
                int n = schema.path("maxItems").asInt(1000) + 1;
                for (int i = 0; i < n; i++) {
                    many.add(validValue(schema.path("items"), ""));
                }
                pool.add(new Object[] {"over-max-items", many});
                pool.add(new Object[] {"empty-array", NODES.arrayNode()});
                pool.add(new Object[] {"wrong-type-string", NODES.textNode("x")});
            }
            default -> {
                pool.add(new Object[] {"wrong-type-string", NODES.textNode("x")});
                ObjectNode extra = NODES.objectNode();
                extra.put("zz", 1);
                pool.add(new Object[] {"unknown-object", extra});
            }
        }
        return pool.get(random.nextInt(pool.size()));
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
