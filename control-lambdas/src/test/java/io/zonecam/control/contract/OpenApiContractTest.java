package io.zonecam.control.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.SpecValidationFilter;
import io.zonecam.control.support.TestEnvironment;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * OpenApiContractTest fails when the operations the running control plane serves (its /q/openapi, read from the
 * code) differ from openapi/zonecam-api.yaml: paths, methods, operation ids, parameters and request bodies.
 * Responses are checked in every other API test by {@link SpecValidationFilter}.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class OpenApiContractTest extends ApiTest {

    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void shouldServeExactlyTheOperationsOfTheSpec() throws Exception {
        JsonNode served = new ObjectMapper()
                .readTree(given().queryParam("format", "json")
                        .get("/q/openapi")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        Map<String, String> fromCode = operations(served);
        Map<String, String> fromSpec = operations(SpecValidationFilter.spec());
        assertThat(fromCode).isEqualTo(fromSpec);
    }

    /** "METHOD path" → "operationId params=[in:name:required...] body=yes/no". */
    static Map<String, String> operations(JsonNode doc) {
        Map<String, String> ops = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = p.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> m = methods.next();
                if (!METHODS.contains(m.getKey())) {
                    continue;
                }
                Set<String> params = new TreeSet<>();
                for (JsonNode param : m.getValue().path("parameters")) {
                    JsonNode resolved = param.has("$ref")
                            ? doc.at(param.get("$ref").asText().substring(1))
                            : param;
                    params.add(resolved.path("in").asText() + ":"
                            + resolved.path("name").asText());
                }
                boolean body = m.getValue().has("requestBody");
                ops.put(
                        m.getKey().toUpperCase() + " " + p.getKey(),
                        m.getValue().path("operationId").asText() + " params=" + params + " body=" + body);
            }
        }
        return ops;
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsWithProblems() {
        given().get("/v1/nowhere").then().statusCode(404).contentType("application/problem+json");
        given().header("X-Api-Key", "zk_x")
                .put("/v1/cameras")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(405), org.hamcrest.Matchers.is(401)))
                .contentType("application/problem+json");
    }
}
