package io.zonecam.control.pictures;

import static io.restassured.RestAssured.given;
import static io.zonecam.control.support.Answers.ok;
import static io.zonecam.control.support.Fixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenException;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.contracts.token.TokenVerifier;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import io.zonecam.control.support.TokenChecks;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshot URLs: signed on the camera's node for one picture, verified offline as a stream node does. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class SnapshotApiTest extends ApiTest {

    TokenVerifier nodeVerifier;
    Org org;
    String id;

    @BeforeEach
    void setUp() {
        nodeVerifier = PictureTokens.verifier();
        org = Fixtures.organization();
        Fixtures.node(Fixtures.zone(org.region(), 100), "n-" + Fixtures.unique(), 100);
        id = Fixtures.camera(org).getString("camera.id");
    }

    @Test
    void shouldSignALivePictureWithAShortLiveTokenOfThisCamera() {
        for (String body : new String[] {"{}", null}) {
            var request = withKey(org.ownerKey());
            if (body != null) {
                request.body(body);
            }
            JsonPath snap = ok(request.post("/v1/cameras/" + id + "/snapshots"));
            URI url = URI.create(snap.getString("url"));
            assertThat(url.getPath()).isEqualTo("/snapshots/cameras/" + id);
            assertThat(url.getHost()).endsWith(".test");
            Map<String, String> query = PictureTokens.query(url);
            assertThat(query).containsEntry("size", "full").containsEntry("format", "jpeg");
            assertThat(query).doesNotContainKeys("at", "exact");
            TokenClaims claims = nodeVerifier.verify(query.get("token"), TokenKind.LIVE, id);
            assertThat(claims.organizationId()).isEqualTo(org.id());
            assertThat(Duration.between(claims.issuedAt(), claims.expiresAt())).isEqualTo(Duration.ofSeconds(60));
            assertThat(Instant.parse(snap.getString("expiresAt"))).isEqualTo(claims.expiresAt());
            assertThatThrownBy(() -> nodeVerifier.verify(query.get("token"), TokenKind.RECORDED, id))
                    .isInstanceOf(TokenException.class);
        }
    }

    @Test
    void shouldSignARecordedPictureWhoseTokenOpensThatMomentOnly() {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        JsonPath snap = ok(withKey(org.ownerKey())
                .body(Map.of("at", at.toString(), "size", "640", "exact", true, "format", "webp"))
                .post("/v1/cameras/" + id + "/snapshots"));
        Map<String, String> query = PictureTokens.query(URI.create(snap.getString("url")));
        assertThat(query)
                .containsEntry("at", at.toString())
                .containsEntry("exact", "true")
                .containsEntry("size", "640")
                .containsEntry("format", "webp");
        TokenClaims claims = nodeVerifier.verify(query.get("token"), TokenKind.RECORDED, id);
        assertThat(claims.covers(at, at)).isTrue();
        assertThat(Duration.between(claims.rangeFrom(), claims.rangeTo())).isEqualTo(Duration.ofSeconds(1));
        assertThat(claims.covers(at.minusSeconds(2), at)).isFalse();
        assertThat(claims.covers(at, at.plusSeconds(2))).isFalse();
        assertThat(Duration.between(claims.issuedAt(), claims.expiresAt())).isEqualTo(Duration.ofSeconds(60));
        TokenChecks.assertRefusedForAnotherCamera(nodeVerifier, query.get("token"), TokenKind.RECORDED, org);
    }

    @Test
    void shouldRefuseBadInputNamingTheField() {
        Instant now = Instant.now();
        Map<String, Object[]> bad = new HashMap<>();
        bad.put("size", new Object[] {"size", "320"});
        bad.put("size-negative", new Object[] {"size", "-160"});
        bad.put("format", new Object[] {"format", "png"});
        bad.put("future", new Object[] {"at", now.plusSeconds(3600).toString()});
        bad.put("far-future", new Object[] {"at", "9999-12-31T23:59:59Z"});
        bad.put("before-2000", new Object[] {"at", "1999-12-31T23:59:59Z"});
        for (Object[] field : bad.values()) {
            JsonPath problem = withKey(org.ownerKey())
                    .body(Map.of(field[0], field[1]))
                    .post("/v1/cameras/" + id + "/snapshots")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .extract()
                    .jsonPath();
            assertThat(problem.getString("errors[0].field"))
                    .as("field named for %s=%s", field[0], field[1])
                    .isEqualTo(field[0]);
        }
        for (String body : new String[] {
            "{\"at\":\"yesterday\"}",
            "{\"at\":1700000000}",
            "{\"at\":null}",
            "{\"exact\":true}",
            "{\"exact\":1}",
            "{\"exact\":\"true\"}",
            "{\"size\":640}",
            "{\"size\":null}",
            "{\"format\":true}",
            "{\"colour\":true}",
            "[1]"
        }) {
            withKey(org.ownerKey())
                    .body(body)
                    .post("/v1/cameras/" + id + "/snapshots")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        withKey(org.ownerKey())
                .body("{}")
                .post("/v1/cameras/not-a-uuid/snapshots")
                .then()
                .statusCode(400);
    }

    @Test
    void shouldAnswerAnotherOrganizationsCameraLikeAMissingOne() {
        Org other = Fixtures.organization();
        String theirs = withKey(other.ownerKey())
                .body("{}")
                .post("/v1/cameras/" + id + "/snapshots")
                .then()
                .statusCode(404)
                .extract()
                .path("title");
        String missing = withKey(other.ownerKey())
                .body("{}")
                .post("/v1/cameras/" + java.util.UUID.randomUUID() + "/snapshots")
                .then()
                .statusCode(404)
                .extract()
                .path("title");
        assertThat(theirs).isEqualTo(missing);
        given().contentType("application/json")
                .body("{}")
                .post("/v1/cameras/" + id + "/snapshots")
                .then()
                .statusCode(401);
        withKey(Fixtures.viewerKey(org))
                .body("{}")
                .post("/v1/cameras/" + id + "/snapshots")
                .then()
                .statusCode(200);
    }

    @Test
    void shouldAnswerConflictForACameraWithoutANode() {
        String unplaced = Fixtures.camera(org).getString("camera.id");
        TestEnvironment.sql("update cameras set node_id = null, assigned_at = null where id = '" + unplaced + "'");
        withKey(org.ownerKey())
                .body("{}")
                .post("/v1/cameras/" + unplaced + "/snapshots")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void shouldPutThumbnailUrlsWithTheSameTokenOnPlaybackAnswers() {
        JsonPath live = ok(withKey(org.ownerKey()).post("/v1/cameras/" + id + "/playback/live"));
        URI thumb = URI.create(live.getString("thumbnailUrl"));
        assertThat(thumb.getPath()).isEqualTo("/thumbnails/cameras/" + id + "/latest.jpg");
        assertThat(PictureTokens.query(thumb)).containsEntry("token", live.getString("token"));
        assertThat(live.getString("thumbnailsUrl")).isNull();

        Instant from = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        JsonPath rec = ok(withKey(org.ownerKey())
                .body(Map.of(
                        "from", from.toString(), "to", from.plusSeconds(900).toString()))
                .post("/v1/cameras/" + id + "/playback/recorded"));
        URI thumbs = URI.create(rec.getString("thumbnailsUrl"));
        assertThat(thumbs.getPath()).isEqualTo("/thumbnails/cameras/" + id);
        assertThat(PictureTokens.query(thumbs))
                .containsOnlyKeys("token")
                .containsEntry("token", rec.getString("token"));
        assertThat(rec.getString("thumbnailUrl")).isNull();
        assertThat(URLDecoder.decode(thumbs.getRawQuery(), StandardCharsets.UTF_8))
                .isEqualTo("token=" + rec.getString("token"));
    }
}
