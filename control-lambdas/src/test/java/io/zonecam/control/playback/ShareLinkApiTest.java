package io.zonecam.control.playback;

import static io.restassured.RestAssured.given;
import static io.zonecam.control.support.Answers.created;
import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.zonecam.contracts.token.KeySet;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.contracts.token.TokenVerifier;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.Fixtures.TestZone;
import io.zonecam.control.support.TestEnvironment;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Share links are listed and revocable, and a revocation reaches every stream node with its next heartbeat answer:
 * the answer names the revoked link's token id until the token expires.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class ShareLinkApiTest extends ApiTest {

    TokenVerifier nodeVerifier;
    Org org;
    TestZone zone;
    String node;
    String camera;
    Instant from;

    @BeforeEach
    void setUp() {
        nodeVerifier = new TokenVerifier(
                KeySet.fromJwks(given().get("/.well-known/jwks.json").asString())::find,
                "zonecam",
                Clock.systemUTC(),
                Duration.ofSeconds(5));
        org = Fixtures.organization();
        zone = Fixtures.zone(org.region(), 100);
        node = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);
        camera = Fixtures.camera(org).getString("camera.id");
        from = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void shouldListTheOrganizationsAndTheCamerasLinksWithoutTheirUrls() {
        JsonPath link = share(camera, 3600);
        String id = link.getString("id");
        assertThat(link.getString("url")).contains("token%3D");
        assertThat(link.getString("cameraId")).isEqualTo(camera);
        assertThat(link.getBoolean("revoked")).isFalse();
        assertThat(link.getString("createdBy")).startsWith("api-key:");
        String other = Fixtures.camera(org).getString("camera.id");
        String otherLink = share(other, 600).getString("id");

        JsonPath all = ok(withKey(org.ownerKey()).get("/v1/shares"));
        assertThat(all.getList("items.id", String.class)).containsExactly(otherLink, id);
        assertThat(all.getList("items.url")).containsOnlyNulls();
        assertThat(all.getString("items[1].from")).isEqualTo(from.toString());
        assertThat(all.getString("items[1].to")).isEqualTo(from.plusSeconds(600).toString());
        JsonPath ofCamera = ok(withKey(org.ownerKey()).get("/v1/cameras/" + camera + "/shares"));
        assertThat(ofCamera.getList("items.id", String.class)).containsExactly(id);
        assertThat(ok(withKey(org.ownerKey()).queryParam("cameraId", other).get("/v1/shares"))
                        .getList("items.id", String.class))
                .containsExactly(otherLink);

        // Pages: newest first, a cursor to the rest.
        JsonPath first = ok(withKey(org.ownerKey()).queryParam("limit", 1).get("/v1/shares"));
        assertThat(first.getList("items.id", String.class)).containsExactly(otherLink);
        JsonPath second = ok(withKey(org.ownerKey())
                .queryParam("limit", 1)
                .queryParam("cursor", first.getString("nextCursor"))
                .get("/v1/shares"));
        assertThat(second.getList("items.id", String.class)).containsExactly(id);
        assertThat(second.getString("nextCursor")).isNull();

        // Another organization sees none of them and cannot revoke them; a viewer cannot list them.
        Org stranger = Fixtures.organization();
        assertThat(ok(withKey(stranger.ownerKey()).get("/v1/shares")).getList("items"))
                .isEmpty();
        withKey(stranger.ownerKey())
                .get("/v1/cameras/" + camera + "/shares")
                .then()
                .statusCode(404);
        withKey(stranger.ownerKey()).delete("/v1/shares/" + id).then().statusCode(404);
        withKey(Fixtures.viewerKey(org)).get("/v1/shares").then().statusCode(403);
        withKey(org.ownerKey()).delete("/v1/shares/not-a-uuid").then().statusCode(400);
        withKey(org.ownerKey())
                .queryParam("limit", "abc")
                .get("/v1/shares")
                .then()
                .statusCode(400);
        withKey(org.ownerKey())
                .queryParam("limit", 501)
                .get("/v1/shares")
                .then()
                .statusCode(400);
    }

    @Test
    void shouldNameARevokedLinksTokenToEveryNodeUntilItExpires() {
        JsonPath link = share(camera, 3600);
        String tokenId = tokenIdOf(link.getString("url"));
        // A node of another zone, too: a recorded token is not bound to a zone.
        TestZone elsewhere = Fixtures.zone(org.region(), 100);
        String farNode = Fixtures.node(elsewhere, "n-" + Fixtures.unique(), 100);
        assertThat(revokedSeenBy(zone, node)).doesNotContain(tokenId);

        withKey(org.ownerKey())
                .delete("/v1/shares/" + link.getString("id"))
                .then()
                .statusCode(204);
        withKey(org.ownerKey())
                .delete("/v1/shares/" + link.getString("id"))
                .then()
                .statusCode(204);

        assertThat(revokedSeenBy(zone, node)).contains(tokenId);
        assertThat(revokedSeenBy(elsewhere, farNode)).contains(tokenId);
        JsonPath listed = ok(withKey(org.ownerKey()).get("/v1/cameras/" + camera + "/shares"));
        assertThat(listed.getBoolean("items[0].revoked")).isTrue();
        assertThat(listed.getString("items[0].revokedAt")).isNotNull();

        // Once the token is past its expiry (and the nodes' leeway), it is no longer named.
        TestEnvironment.sql("update share_links set expires_at = now() - interval '6 minutes' where id = '"
                + link.getString("id") + "'");
        assertThat(revokedSeenBy(zone, node)).doesNotContain(tokenId);
    }

    @Test
    void shouldKeepShareLinksToSevenDaysAtMost() {
        share(camera, 604_800);
        Shares.create(org.ownerKey(), camera, from, 604_801).then().statusCode(400);
    }

    private JsonPath share(String cameraId, int seconds) {
        return created(Shares.create(org.ownerKey(), cameraId, from, seconds));
    }

    private String tokenIdOf(String url) {
        String playlist = URLDecoder.decode(
                url.substring(url.indexOf("playlist=") + 9, url.indexOf("&clip=")), StandardCharsets.UTF_8);
        String token = URLDecoder.decode(playlist.substring(playlist.indexOf("token=") + 6), StandardCharsets.UTF_8);
        return nodeVerifier.verify(token, TokenKind.RECORDED, camera).tokenId();
    }

    private static List<String> revokedSeenBy(TestZone zone, String nodeId) {
        return Fixtures.postHeartbeat(zone.nodeKey(), nodeId, Fixtures.load(0))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("revokedTokens", String.class);
    }
}
