package io.zonecam.control.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ApiSpec is openapi/zonecam-api.yaml (the source of truth, read from the SDK jar) as the fuzzer needs it: the
 * operations with their parameters, body schema, security and declared statuses, schemas with every {@code $ref}
 * inlined, and a JSON Schema 2020-12 validator with format assertions on (date-time, uuid), which decides whether a
 * generated value is one the spec allows.
 */
final class ApiSpec {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig ASSERT_FORMATS =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    /** A parameter of an operation: in path or query, with its inlined schema. */
    record Param(String name, String in, boolean required, JsonNode schema) {}

    /** One operation of the spec. */
    record Operation(
            String operationId,
            String method,
            String path,
            List<Param> params,
            JsonNode bodySchema,
            boolean bodyRequired,
            List<String> security,
            Set<String> statuses) {

        boolean destructive() {
            return method.equals("delete") || operationId.equals("startNodeDrain");
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path + " (" + operationId + ")";
        }
    }

    private final JsonNode spec;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, JsonSchema> validators = new ConcurrentHashMap<>();

    ApiSpec() {
        try (InputStream in = ApiSpec.class.getResourceAsStream("/META-INF/zonecam/zonecam-api.yaml")) {
            if (in == null) {
                throw new IllegalStateException("zonecam-api.yaml is not on the test class path (zonecam-sdk-java)");
            }
            spec = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> defaultSecurity = security(spec.path("security"));
        Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = p.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> m = methods.next();
                JsonNode op = m.getValue();
                List<Param> params = new ArrayList<>();
                for (JsonNode raw : op.path("parameters")) {
                    JsonNode param = inline(raw);
                    params.add(new Param(
                            param.path("name").asText(),
                            param.path("in").asText(),
                            param.path("required").asBoolean(false),
                            inline(param.path("schema"))));
                }
                JsonNode body = op.path("requestBody");
                JsonNode bodySchema = body.isMissingNode()
                        ? null
                        : inline(body.path("content").path("application/json").path("schema"));
                Set<String> statuses = new TreeSet<>();
                op.path("responses").fieldNames().forEachRemaining(statuses::add);
                params.sort((a, b) -> a.name().compareTo(b.name()));
                operations.add(new Operation(
                        op.path("operationId").asText(),
                        m.getKey(),
                        p.getKey(),
                        List.copyOf(params),
                        bodySchema,
                        body.path("required").asBoolean(false),
                        op.has("security") ? security(op.get("security")) : defaultSecurity,
                        statuses));
            }
        }
        operations.sort((a, b) -> a.operationId().compareTo(b.operationId()));
    }

    List<Operation> operations() {
        return operations;
    }

    /** True when the value is valid against the (inlined) schema, formats included. */
    boolean valid(JsonNode schema, JsonNode value) {
        JsonSchema v = validators.computeIfAbsent(schema.toString(), k -> SCHEMAS.getSchema(schema, ASSERT_FORMATS));
        return v.validate(value).isEmpty();
    }

    /** A copy of the node with every {@code $ref} to #/components/... replaced by its target, recursively. */
    JsonNode inline(JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                return inline(spec.at(ref.asText().substring(1)));
            }
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), inline(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(e -> copy.add(inline(e)));
            return copy;
        }
        return node;
    }

    private static List<String> security(JsonNode requirements) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : requirements) {
            r.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }
}
