package io.zonecam.contracts.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** TokenCodec maps claims to and from the JSON of a compact JWS (RFC 7515 §7.1); signing is elsewhere. */
final class TokenCodec {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private TokenCodec() {}

    static String header(String keyId) {
        ObjectNode h = JSON.createObjectNode();
        h.put("alg", "EdDSA");
        h.put("typ", "JWT");
        h.put("kid", keyId);
        return encode(h);
    }

    static String payload(TokenClaims c) {
        ObjectNode p = JSON.createObjectNode();
        p.put("iss", c.issuer());
        p.put("sub", c.cameraId());
        p.put("org", c.organizationId());
        p.put("knd", c.kind().wireName());
        if (c.zone() != null) {
            p.put("zon", c.zone());
        }
        if (c.rangeFrom() != null) {
            p.put("rfr", c.rangeFrom().getEpochSecond());
            p.put("rto", c.rangeTo().getEpochSecond());
        }
        p.put("iat", c.issuedAt().getEpochSecond());
        p.put("exp", c.expiresAt().getEpochSecond());
        p.put("jti", c.tokenId());
        return encode(p);
    }

    static JsonNode decodeJson(String part) {
        try {
            JsonNode node = JSON.readTree(B64D.decode(part));
            if (node == null || !node.isObject()) {
                throw new TokenException(TokenException.Reason.MALFORMED, "token part is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token part is not base64url JSON");
        }
    }

    static TokenClaims claims(JsonNode p) {
        try {
            TokenKind kind = TokenKind.fromWire(text(p, "knd"));
            Instant from = p.has("rfr") ? Instant.ofEpochSecond(number(p, "rfr")) : null;
            Instant to = p.has("rto") ? Instant.ofEpochSecond(number(p, "rto")) : null;
            return new TokenClaims(
                    text(p, "iss"),
                    text(p, "sub"),
                    text(p, "org"),
                    kind,
                    p.has("zon") ? text(p, "zon") : null,
                    from,
                    to,
                    Instant.ofEpochSecond(number(p, "iat")),
                    Instant.ofEpochSecond(number(p, "exp")),
                    text(p, "jti"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token claims are incomplete: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new TokenException(TokenException.Reason.MALFORMED, "claim '" + field + "' missing or not a string");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new TokenException(TokenException.Reason.MALFORMED, "claim '" + field + "' missing or not a number");
        }
        return v.asLong();
    }

    private static String encode(ObjectNode node) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
