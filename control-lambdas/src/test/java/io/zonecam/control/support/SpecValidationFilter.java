package io.zonecam.control.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * SpecValidationFilter checks every response a test receives against openapi/zonecam-api.yaml: the path and method
 * must be in the spec, the status must be one the operation declares, and a JSON body must match the declared
 * schema. A departure fails the test that made the call.
 */
public final class SpecValidationFilter implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SPEC = load();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    /** Paths served by Quarkus itself, not part of the public API. */
    private static final Set<String> NOT_API = Set.of("/q/");

    /** The spec as a JSON tree, read from the SDK jar that the openapi module builds. */
    public static JsonNode spec() {
        return SPEC;
    }

    private static JsonNode load() {
        try (InputStream in = SpecValidationFilter.class.getResourceAsStream("/META-INF/zonecam/zonecam-api.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("zonecam-api.yaml not on the test classpath", e);
        }
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        String path = URI.create(request.getURI()).getPath();
        if (NOT_API.stream().anyMatch(path::startsWith)) {
            return response;
        }
        check(request.getMethod(), path, response.statusCode(), response.contentType(), response.asString());
        return response;
    }

    /** Fails with a description when a response departs from the spec. */
    public static void check(String method, String path, int status, String contentType, String body) {
        String m = method.toLowerCase(Locale.ROOT);
        JsonNode operation = operation(m, path);
        if (operation == null) {
            // Unknown paths and methods must still answer with a problem (404/405).
            if (status != 404 && status != 405) {
                throw new AssertionError(method + " " + path + " is not in the spec but answered " + status);
            }
            assertProblem(method, path, status, contentType, body);
            return;
        }
        JsonNode responses = operation.path("responses");
        JsonNode declared = responses.get(Integer.toString(status));
        if (declared == null) {
            throw new AssertionError(method + " " + path + " answered " + status + ", which the spec does not declare "
                    + "(declared: " + fieldNames(responses) + "); body: " + abbreviate(body));
        }
        declared = resolve(declared);
        JsonNode content = declared.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                throw new AssertionError(method + " " + path + " " + status + " has a body the spec does not declare");
            }
            return;
        }
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        JsonNode media = content.get(type);
        if (media == null) {
            throw new AssertionError(method + " " + path + " " + status + " answered content type '" + type
                    + "'; the spec declares " + fieldNames(content));
        }
        if (!type.endsWith("json") || type.endsWith("x-ndjson")) {
            // Text media (PEM, NDJSON lines): the schema says string, and any body is one.
            if (!"string".equals(resolve(media.path("schema")).path("type").asText())) {
                throw new AssertionError(method + " " + path + " " + status + " answered " + type
                        + " but the spec's schema is not a string");
            }
            return;
        }
        validate(method + " " + path + " " + status, media.path("schema"), body);
    }

    private static void assertProblem(String method, String path, int status, String contentType, String body) {
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            throw new AssertionError(method + " " + path + " " + status + " is not problem+json: " + contentType);
        }
        validate(method + " " + path + " " + status, SPEC.at("/components/schemas/Problem"), body);
    }

    private static void validate(String where, JsonNode schemaNode, String body) {
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(where + ": body is not JSON: " + abbreviate(body));
        }
        JsonSchema schema = CACHE.computeIfAbsent(schemaNode.toString(), k -> {
            ObjectNode root = schemaNode.deepCopy();
            // $refs point at #/components/...: give the schema the spec's components so they resolve.
            root.set("components", SPEC.get("components"));
            return SCHEMAS.getSchema(root);
        });
        Set<ValidationMessage> errors = schema.validate(value);
        if (!errors.isEmpty()) {
            throw new AssertionError(where + ": body departs from the spec: " + errors + "; body: " + abbreviate(body));
        }
    }

    private static JsonNode operation(String method, String path) {
        Iterator<Map.Entry<String, JsonNode>> it = SPEC.path("paths").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (template(e.getKey()).matcher(path).matches()) {
                return e.getValue().get(method);
            }
        }
        return null;
    }

    private static final Map<String, Pattern> TEMPLATES = new ConcurrentHashMap<>();

    private static Pattern template(String template) {
        return TEMPLATES.computeIfAbsent(
                template, t -> Pattern.compile(Pattern.quote(t).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")));
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : SPEC.at(ref.asText().substring(1));
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        node.fieldNames()
                .forEachRemaining(n -> sb.append(sb.length() == 0 ? "" : ", ").append(n));
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
