package io.zonecam.control.playback;

import static io.restassured.RestAssured.given;
import static io.zonecam.control.support.Answers.created;
import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.zonecam.contracts.token.KeySet;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenException;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.contracts.token.TokenVerifier;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import io.zonecam.control.support.TokenChecks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Playback and device tokens, verified the way a stream node does: offline, with the published JWKS. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class PlaybackApiTest extends ApiTest {

    TokenVerifier nodeVerifier;
    Org org;
    String node;
    JsonPath camera;

    @BeforeEach
    void setUp() {
        KeySet keys = KeySet.fromJwks(given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        nodeVerifier = new TokenVerifier(keys::find, "zonecam", Clock.systemUTC(), Duration.ofSeconds(5));
        org = Fixtures.organization();
        node = Fixtures.node(Fixtures.zone(org.region(), 100), "n-" + Fixtures.unique(), 100);
        camera = Fixtures.camera(org);
    }

    @Test
    void shouldSignALiveUrlForThisCameraOnly() {
        String id = camera.getString("camera.id");
        JsonPath live = ok(withKey(org.ownerKey()).post("/v1/cameras/" + id + "/playback/live"));
        assertThat(live.getString("url"))
                .isEqualTo("http://" + live.getString("url").split("/")[2] + "/whep/cameras/" + id);
        TokenClaims claims = nodeVerifier.verify(live.getString("token"), TokenKind.LIVE, id);
        assertThat(claims.organizationId()).isEqualTo(org.id());
        assertThat(Duration.between(claims.issuedAt(), claims.expiresAt())).isLessThanOrEqualTo(Duration.ofMinutes(2));
        TokenChecks.assertRefusedForAnotherCamera(nodeVerifier, live.getString("token"), TokenKind.LIVE, org);
        assertThatThrownBy(() -> nodeVerifier.verify(live.getString("token"), TokenKind.RECORDED, id))
                .isInstanceOf(TokenException.class);
    }

    @Test
    void shouldSignARecordedUrlScopedToTheRange() {
        String id = camera.getString("camera.id");
        Instant from = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant to = from.plus(15, ChronoUnit.MINUTES);
        JsonPath rec = ok(withKey(org.ownerKey())
                .body(Map.of("from", from.toString(), "to", to.toString()))
                .post("/v1/cameras/" + id + "/playback/recorded"));
        assertThat(rec.getString("url")).contains("/hls/cameras/" + id + "/index.m3u8?from=");
        assertThat(rec.getString("clipUrl")).contains("/clips/cameras/" + id + ".mp4?from=");
        TokenClaims claims = nodeVerifier.verify(rec.getString("token"), TokenKind.RECORDED, id);
        assertThat(claims.rangeFrom()).isEqualTo(from);
        assertThat(claims.rangeTo()).isEqualTo(to);
        assertThat(claims.covers(from.plusSeconds(60), to)).isTrue();
        assertThat(claims.covers(from.minusSeconds(1), to)).isFalse();
    }

    @Test
    void shouldRefuseBadRanges() {
        String path = "/v1/cameras/" + camera.getString("camera.id") + "/playback/recorded";
        Instant now = Instant.now();
        List<List<String>> badRanges = List.of(
                List.of(now.minusSeconds(60).toString(), now.minusSeconds(120).toString()), // backwards
                List.of(now.minus(3, ChronoUnit.DAYS).toString(), now.toString()), // too long
                List.of(now.plusSeconds(3600).toString(), now.plusSeconds(7200).toString()), // in the future
                List.of("yesterday", now.toString())); // not an instant
        for (List<String> range : badRanges) {
            withKey(org.ownerKey())
                    .body(Map.of("from", range.get(0), "to", range.get(1)))
                    .post(path)
                    .then()
                    .statusCode(400);
        }
    }

    @Test
    void shouldExchangeADeviceSecretForAZoneScopedDeviceToken() {
        String id = camera.getString("camera.id");
        JsonPath token = ok(given().auth()
                .preemptive()
                .basic(id, camera.getString("credentials.deviceSecret"))
                .post("/v1/devices/token"));
        TokenClaims claims = nodeVerifier.verify(token.getString("token"), TokenKind.DEVICE, id);
        assertThat(claims.zone()).isEqualTo(camera.getString("camera.zone"));
        assertThat(token.getString("nodeId")).isEqualTo(node);
        assertThat(token.getString("rtspUrl")).contains("/live/" + id + "?token=");
        assertThat(token.getString("rtmpUrl")).startsWith("rtmp://").contains("?token=");

        given().auth()
                .preemptive()
                .basic(id, "zd_wrong")
                .post("/v1/devices/token")
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic("not-a-camera", "x")
                .post("/v1/devices/token")
                .then()
                .statusCode(401);
        given().header("Authorization", "Basic !!!")
                .post("/v1/devices/token")
                .then()
                .statusCode(401);
        // A device secret opens nothing but its own token.
        given().auth()
                .preemptive()
                .basic(id, camera.getString("credentials.deviceSecret"))
                .get("/v1/cameras/" + id)
                .then()
                .statusCode(403);
    }

    @Test
    void shouldCreateAShareLinkWhoseTokenLivesAsLongAsTheLink() {
        String id = camera.getString("camera.id");
        Instant from = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        JsonPath share = created(Shares.create(org.ownerKey(), id, from, 3600));
        String url = share.getString("url");
        assertThat(url).startsWith("http://localhost:8080/viewer/share.html#playlist=");
        String playlist = java.net.URLDecoder.decode(
                url.substring(url.indexOf("playlist=") + 9, url.indexOf("&clip=")),
                java.nio.charset.StandardCharsets.UTF_8);
        String token = playlist.substring(playlist.indexOf("token=") + 6);
        TokenClaims claims = nodeVerifier.verify(
                java.net.URLDecoder.decode(token, java.nio.charset.StandardCharsets.UTF_8), TokenKind.RECORDED, id);
        assertThat(Duration.between(claims.issuedAt(), claims.expiresAt())).isEqualTo(Duration.ofHours(1));
        assertThat(claims.rangeFrom()).isEqualTo(from);

        Shares.create(org.ownerKey(), id, from, 30).then().statusCode(400);
        String viewerKey = Fixtures.viewerKey(org);
        Shares.create(viewerKey, id, from, 600).then().statusCode(403);
    }
}
