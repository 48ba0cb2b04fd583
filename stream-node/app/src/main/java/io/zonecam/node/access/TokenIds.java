package io.zonecam.node.access;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.UUID;

/**
 * TokenIds reads the id ({@code jti}) of a playback token without checking its signature: only for responses the
 * routes already answered with success, so the token was verified there.
 */
final class TokenIds {

    private TokenIds() {}

    /** The token's id, or null when it has none readable. */
    static UUID of(String token) {
        if (token == null) {
            return null;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
            String jti = new JsonObject(Buffer.buffer(payload)).getString("jti");
            return jti == null ? null : UUID.fromString(jti);
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            return null;
        }
    }
}
