package io.zonecam.control.audit;

import static io.restassured.RestAssured.given;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The audit write cost per playback issuance: live URLs issued one after another through the API, their latency as
 * the client sees it, and the time the server spent appending their audit entries ({@code zonecam_audit_append}),
 * logged as a figure for the README. Checks that every issuance left exactly one entry.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class AuditCostTest extends ApiTest {

    private static final Logger LOG = Logger.getLogger(AuditCostTest.class);
    static final int WARMUP = 50;
    static final int ISSUANCES = 400;

    @Test
    void shouldReportTheAuditWriteCostPerPlaybackIssuance() {
        Org org = Fixtures.organization();
        Fixtures.node(Fixtures.zone(org.region(), 100), "n-" + Fixtures.unique(), 100);
        String camera = Fixtures.camera(org).getString("camera.id");
        for (int i = 0; i < WARMUP; i++) {
            issue(org, camera);
        }
        double[] before = appendTimer();
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < ISSUANCES; i++) {
            long start = System.nanoTime();
            issue(org, camera);
            micros.add((System.nanoTime() - start) / 1_000);
        }
        double[] after = appendTimer();
        micros.sort(null);
        double appends = after[0] - before[0];
        double appendMicros = (after[1] - before[1]) * 1e6 / appends;
        long p50 = micros.get(ISSUANCES / 2);
        LOG.warnf(
                "audit cost: %d live issuances, latency p50 %d us, p99 %d us; audit append mean %.0f us "
                        + "(%.1f%% of the p50 issuance)",
                ISSUANCES, p50, micros.get(ISSUANCES * 99 / 100), appendMicros, 100.0 * appendMicros / p50);
        assertThat(appends).isGreaterThanOrEqualTo(ISSUANCES);
        assertThat(TestEnvironment.number("select count(*) from audit_log where organization_id = '" + org.id()
                        + "' and action = 'playback.live.issued'"))
                .isEqualTo(WARMUP + ISSUANCES);
    }

    private static void issue(Org org, String camera) {
        withKey(org.ownerKey())
                .post("/v1/cameras/" + camera + "/playback/live")
                .then()
                .statusCode(200);
    }

    /** zonecam_audit_append_seconds count and sum, as /q/metrics shows them. */
    private static double[] appendTimer() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return new double[] {
            value(metrics, "zonecam_audit_append_seconds_count"), value(metrics, "zonecam_audit_append_seconds_sum")
        };
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }
}
