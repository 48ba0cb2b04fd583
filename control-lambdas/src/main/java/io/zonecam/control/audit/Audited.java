package io.zonecam.control.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Audited is what a resource tells the {@link AuditTrail} about one call: its action and what it concerned (camera,
 * changed object, token issued, range, details). Built fluently: {@code Audited.of(LIVE_ISSUED, camera).token(t)}.
 */
public record Audited(
        String action, UUID cameraId, UUID targetId, UUID tokenId, Instant from, Instant to, ObjectNode details) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Audited of(String action, UUID cameraId) {
        return new Audited(action, cameraId, null, null, null, null, null);
    }

    /** The share link, API key or camera the call created, changed or removed. */
    public Audited target(UUID id) {
        return new Audited(action, cameraId, id, tokenId, from, to, details);
    }

    /** The id ({@code jti}) of a token the call signed: read from the token, which was signed a moment ago here. */
    public Audited token(String token) {
        return new Audited(action, cameraId, targetId, tokenIdOf(token), from, to, details);
    }

    /** The id of the token in the {@code token} query parameter of a URL the call signed. */
    public Audited tokenInUrl(String url) {
        int at = url.indexOf("token=");
        if (at < 0) {
            return this;
        }
        int end = url.indexOf('&', at);
        String token = url.substring(at + "token=".length(), end < 0 ? url.length() : end);
        return token(URLDecoder.decode(token, StandardCharsets.US_ASCII));
    }

    public Audited range(Instant rangeFrom, Instant rangeTo) {
        return new Audited(action, cameraId, targetId, tokenId, rangeFrom, rangeTo, details);
    }

    /** Adds one detail (absent values are left out). */
    public Audited detail(String key, Object value) {
        if (value == null) {
            return this;
        }
        ObjectNode d = details == null ? JSON.createObjectNode() : details.deepCopy();
        d.set(key, JSON.valueToTree(value));
        return new Audited(action, cameraId, targetId, tokenId, from, to, d);
    }

    static UUID tokenIdOf(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a signed token");
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return UUID.fromString(claims.path("jti").asText());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a signed token", e);
        }
    }
}
