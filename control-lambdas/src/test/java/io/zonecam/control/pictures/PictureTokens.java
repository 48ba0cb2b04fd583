package io.zonecam.control.pictures;

import static io.restassured.RestAssured.given;

import io.zonecam.contracts.token.KeySet;
import io.zonecam.contracts.token.TokenVerifier;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** PictureTokens reads picture URLs as a stream node does: their query, and tokens checked with the published JWKS. */
final class PictureTokens {

    private PictureTokens() {}

    /** A verifier of the control plane's tokens, from its JWKS, as nodes build one. */
    static TokenVerifier verifier() {
        KeySet keys = KeySet.fromJwks(given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        return new TokenVerifier(keys::find, "zonecam", Clock.systemUTC(), Duration.ofSeconds(5));
    }

    /** The decoded query parameters of a URL, each named once. */
    static Map<String, String> query(URI url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            if (params.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
                throw new AssertionError("parameter " + name + " given twice in " + url);
            }
        }
        return params;
    }
}
