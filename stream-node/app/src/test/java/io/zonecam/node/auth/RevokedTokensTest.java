package io.zonecam.node.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.support.NodeTestEnvironment;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A token whose id the control plane named as revoked (a revoked share link) is refused with 401 "revoked" on every
 * playback route, until a heartbeat answer no longer names it; other tokens keep working.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class RevokedTokensTest {

    @Inject
    RevokedTokens revoked;

    @AfterEach
    void forget() {
        revoked.replace(List.of());
    }

    @Test
    void shouldRefuseARevokedTokenAndOnlyIt() {
        String camera = UUID.randomUUID().toString();
        Instant from = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String link = NodeTestEnvironment.token(TokenKind.RECORDED, camera, null, from, from.plusSeconds(60), 600);
        String other = NodeTestEnvironment.token(TokenKind.RECORDED, camera, null, from, from.plusSeconds(60), 600);
        String timeline = "/recordings/cameras/" + camera + "/timeline";
        given().queryParam("token", link).get(timeline).then().statusCode(not(401));

        revoked.replace(List.of(UUID.fromString(tokenId(link)), UUID.randomUUID()));

        for (String route :
                List.of(timeline, "/hls/cameras/" + camera + "/index.m3u8", "/clips/cameras/" + camera + ".mp4")) {
            given().queryParam("token", link)
                    .get(route)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/revoked"));
        }
        given().queryParam("token", other).get(timeline).then().statusCode(not(401));

        revoked.replace(List.of());
        given().queryParam("token", link).get(timeline).then().statusCode(not(401));
    }

    @Test
    void shouldKeepTheLastListWhenAnAnswerHasNone() {
        String id = UUID.randomUUID().toString();
        revoked.replace(List.of(id));
        revoked.replace(null);
        assertThat(revoked.isRevoked(id)).isTrue();
    }

    private static String tokenId(String jws) {
        String payload = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"jti\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
