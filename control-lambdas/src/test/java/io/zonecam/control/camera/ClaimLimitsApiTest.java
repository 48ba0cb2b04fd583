package io.zonecam.control.camera;

import static io.zonecam.control.support.Fixtures.asOperator;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claim codes are long and varied enough to resist guessing, and refused claims are throttled per organization and
 * per client address with 429 and Retry-After (defaults: a burst of 20, then one every 6 s).
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class ClaimLimitsApiTest extends ApiTest {

    @Inject
    ClaimThrottle throttle;

    @BeforeEach
    @AfterEach
    void fullBuckets() {
        throttle.clear();
    }

    @Test
    void shouldRefuseShortOrRepetitiveClaimCodes() {
        for (String weak :
                List.of("7KQ2-9", "ABC123XY9", "AAAAAAAAAA", "ABAB-ABAB-AB", "7KQ2--94XD-PLM3", "7KQ2 94XD PLM3")) {
            asOperator()
                    .body(Map.of("devices", List.of(Map.of("serial", "SN-" + Fixtures.unique(), "claimCode", weak))))
                    .post("/v1/devices")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("claimCode"));
        }
        asOperator()
                .body(Map.of(
                        "devices", List.of(Map.of("serial", "SN-" + Fixtures.unique(), "claimCode", "7KQ2-94XD-PLM3"))))
                .post("/v1/devices")
                .then()
                .statusCode(200);
        Org org = Fixtures.organization();
        withKey(org.ownerKey())
                .body(Map.of("serial", "SN-" + Fixtures.unique(), "claimCode", "123456"))
                .post("/v1/cameras")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("claimCode"));
    }

    @Test
    void shouldThrottleRefusedClaimsOfAnOrganizationAndAnAddressButNotGoodOnes() {
        Org org = Fixtures.organization();
        String serial = "SN-" + Fixtures.unique();
        String code = Fixtures.provision(serial).get(serial);
        // Good claims are never throttled (a fleet is claimed at full speed).
        for (int i = 0; i < 25; i++) {
            claim(org, serial, code).then().statusCode(i == 0 ? 201 : 200);
        }
        for (int i = 0; i < 20; i++) {
            claim(org, serial, "WRONG-CODE-" + i).then().statusCode(409);
        }
        var throttled = claim(org, serial, "WRONG-CODE-21").then().statusCode(429);
        throttled.contentType("application/problem+json").body("detail", containsString("retry in"));
        int retryAfter = Integer.parseInt(throttled.extract().header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 6);
        // Now even the right code waits; and so does another organization from the same address.
        claim(org, serial, code).then().statusCode(429);
        Org other = Fixtures.organization();
        String otherSerial = "SN-" + Fixtures.unique();
        String otherCode = Fixtures.provision(otherSerial).get(otherSerial);
        claim(other, otherSerial, otherCode).then().statusCode(429).header("Retry-After", notNullValue());

        throttle.clear();
        claim(other, otherSerial, otherCode).then().statusCode(201);
    }

    private static io.restassured.response.Response claim(Org org, String serial, String code) {
        return withKey(org.ownerKey())
                .body(Map.of("serial", serial, "claimCode", code))
                .post("/v1/cameras");
    }
}
