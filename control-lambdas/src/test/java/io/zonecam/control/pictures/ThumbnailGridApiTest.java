package io.zonecam.control.pictures;

import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.contracts.token.TokenVerifier;
import io.zonecam.control.security.PictureUrls;
import io.zonecam.control.store.Camera;
import io.zonecam.control.store.Node;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The camera grid's thumbnails: {@code GET /v1/cameras?include=thumbnail} signs each camera's newest-thumbnail URL
 * for that camera alone, in the one list call. Also measures what the signing costs per page of 100 (on the bean:
 * through the test's mock Lambda event server, answers above about 8 KB stall, quarkusio/quarkus#44551, so the API
 * is checked with a page of 6).
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class ThumbnailGridApiTest extends ApiTest {

    /** Outside {@code io.zonecam}, which tests log at WARN only: the figures are wanted in the test log. */
    private static final Logger LOG = Logger.getLogger("bench.pictures");

    @Inject
    PictureUrls pictures;

    @Test
    void shouldSignEachCamerasThumbnailForThatCameraOnly() {
        TokenVerifier nodeVerifier = PictureTokens.verifier();
        Org org = Fixtures.organization();
        Fixtures.node(Fixtures.zone(org.region(), 500), "n-" + Fixtures.unique(), 500);
        int count = 6;
        claim(org, count);

        JsonPath page = ok(withKey(org.ownerKey()).get("/v1/cameras?limit=" + count + "&include=thumbnail"));
        List<String> ids = page.getList("items.id");
        List<String> urls = page.getList("items.thumbnailUrl");
        assertThat(ids).hasSize(count);
        assertThat(urls).hasSize(count).doesNotContainNull();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < count; i++) {
            URI url = URI.create(urls.get(i));
            assertThat(url.getPath()).isEqualTo("/thumbnails/cameras/" + ids.get(i) + "/latest.jpg");
            String token = PictureTokens.query(url).get("token");
            TokenClaims claims = nodeVerifier.verify(token, TokenKind.LIVE, ids.get(i));
            assertThat(claims.organizationId()).isEqualTo(org.id());
            assertThat(Duration.between(claims.issuedAt(), claims.expiresAt())).isEqualTo(Duration.ofSeconds(60));
            tokens.add(token);
        }
        assertThat(tokens).as("one token per camera").hasSize(count);

        assertThat(ok(withKey(org.ownerKey()).get("/v1/cameras?limit=" + count)).getList("items.thumbnailUrl"))
                .as("no thumbnails unless asked")
                .containsOnlyNulls();
        withKey(org.ownerKey())
                .get("/v1/cameras?include=pictures")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");

        LOG.infof(
                "listing %d cameras through the API: %.1f ms with thumbnails, %.1f ms without (median of 15)",
                count,
                medianMillis(org, "/v1/cameras?limit=" + count + "&include=thumbnail"),
                medianMillis(org, "/v1/cameras?limit=" + count));
    }

    @Test
    void shouldLeaveCamerasWithoutANodeWithoutAThumbnail() {
        Org org = Fixtures.organization();
        Fixtures.node(Fixtures.zone(org.region(), 100), "n-" + Fixtures.unique(), 100);
        String unplaced = Fixtures.camera(org).getString("camera.id");
        TestEnvironment.sql("update cameras set node_id = null, assigned_at = null where id = '" + unplaced + "'");
        JsonPath page = ok(withKey(org.ownerKey()).get("/v1/cameras?include=thumbnail"));
        assertThat(page.getList("items")).hasSize(1);
        assertThat(page.getString("items[0].thumbnailUrl")).isNull();
    }

    @Test
    void shouldSignAPageOfOneHundredThumbnailsInAFewMilliseconds() {
        Node node = new Node();
        node.httpUrl = "http://node.test:8080";
        List<Camera> cameras = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Camera c = new Camera();
            c.id = UUID.randomUUID();
            c.organizationId = UUID.randomUUID();
            cameras.add(c);
        }
        Instant now = Instant.now();
        long[] pages = new long[200];
        for (int round = 0; round < 300; round++) { // the first 100 rounds warm the signer up
            long start = System.nanoTime();
            for (Camera c : cameras) {
                assertThat(pictures.latestThumbnail(c, node, now).url()).startsWith(node.httpUrl);
            }
            if (round >= 100) {
                pages[round - 100] = System.nanoTime() - start;
            }
        }
        Arrays.sort(pages);
        double median = pages[pages.length / 2] / 1e6;
        double p99 = pages[pages.length * 99 / 100] / 1e6;
        LOG.infof("signing 100 thumbnail URLs: median %.2f ms, p99 %.2f ms per page (one thread)", median, p99);
        // A generous bound: Ed25519 signs in tens of microseconds; a page costing a quarter second would show.
        assertThat(median).isLessThan(250.0);
    }

    private static void claim(Org org, int count) {
        String[] serials = new String[count];
        for (int i = 0; i < count; i++) {
            serials[i] = "SN-" + Fixtures.unique();
        }
        for (Map.Entry<String, String> device : Fixtures.provision(serials).entrySet()) {
            withKey(org.ownerKey())
                    .body(Map.of("serial", device.getKey(), "claimCode", device.getValue()))
                    .post("/v1/cameras")
                    .then()
                    .statusCode(201);
        }
    }

    private static double medianMillis(Org org, String path) {
        long[] took = new long[15];
        for (int i = 0; i < took.length; i++) {
            long start = System.nanoTime();
            withKey(org.ownerKey()).get(path).then().statusCode(200);
            took[i] = System.nanoTime() - start;
        }
        Arrays.sort(took);
        return took[took.length / 2] / 1e6;
    }
}
