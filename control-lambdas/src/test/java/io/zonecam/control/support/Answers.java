package io.zonecam.control.support;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Answers checks the status of a control-plane answer and hands back its JSON body, so a test names the status it
 * expects once instead of repeating REST Assured's {@code then().statusCode(..).extract().jsonPath()} chain.
 */
public final class Answers {

    private Answers() {}

    /** The body of a 200 OK answer; any other status fails the test. */
    public static JsonPath ok(Response response) {
        return body(response, 200);
    }

    /** The body of a 201 Created answer; any other status fails the test. */
    public static JsonPath created(Response response) {
        return body(response, 201);
    }

    /** The body of a 202 Accepted answer; any other status fails the test. */
    public static JsonPath accepted(Response response) {
        return body(response, 202);
    }

    private static JsonPath body(Response response, int status) {
        return response.then().statusCode(status).extract().jsonPath();
    }
}
