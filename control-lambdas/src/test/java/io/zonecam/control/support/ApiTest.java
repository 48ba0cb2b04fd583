package io.zonecam.control.support;

import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;

/** ApiTest is the base of tests that call the running control plane: every response is checked against the spec. */
public abstract class ApiTest {

    @BeforeAll
    static void checkEveryResponseAgainstTheSpec() {
        RestAssured.replaceFiltersWith(new SpecValidationFilter());
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }
}
