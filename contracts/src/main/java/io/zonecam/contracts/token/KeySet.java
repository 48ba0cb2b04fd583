package io.zonecam.contracts.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KeySet is the set of token verification keys by key id, readable from and writable to a JWKS (RFC 7517 §5)
 * with Ed25519 OKP keys (RFC 8037 §2).
 *
 * <p>The control plane publishes it at {@code /.well-known/jwks.json}; nodes fetch it at start and refresh it, and
 * keep the last good copy on disk so they can verify tokens while the control plane is unreachable. Immutable.
 */
public final class KeySet {

    /** A JWKS larger than this is refused. */
    public static final int MAX_KEYS = 32;

    private final Map<String, PublicKey> keys;

    public KeySet(Map<String, PublicKey> keys) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** The key for a key id, or {@code null}. */
    public PublicKey find(String keyId) {
        return keys.get(keyId);
    }

    /** All keys by id, in publication order. */
    public Map<String, PublicKey> keys() {
        return keys;
    }

    /** The JWKS JSON text. */
    public String toJwks() {
        ObjectNode root = TokenCodec.JSON.createObjectNode();
        ArrayNode arr = root.putArray("keys");
        keys.forEach((kid, key) -> {
            ObjectNode k = arr.addObject();
            k.put("kty", "OKP");
            k.put("crv", "Ed25519");
            k.put("use", "sig");
            k.put("alg", "EdDSA");
            k.put("kid", kid);
            k.put("x", TokenCodec.B64.encodeToString(Ed25519Keys.rawPublicKey(key)));
        });
        try {
            return TokenCodec.JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a JWKS, keeping only Ed25519 signing keys; throws {@link IllegalArgumentException} if unusable. */
    public static KeySet fromJwks(String json) {
        JsonNode root;
        try {
            root = TokenCodec.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("JWKS is not JSON");
        }
        JsonNode arr = root == null ? null : root.get("keys");
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException("JWKS has no 'keys' array");
        }
        if (arr.size() > MAX_KEYS) {
            throw new IllegalArgumentException("JWKS has more than " + MAX_KEYS + " keys");
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (JsonNode k : arr) {
            if (!"OKP".equals(k.path("kty").asText())
                    || !"Ed25519".equals(k.path("crv").asText())) {
                continue;
            }
            String kid = k.path("kid").asText("");
            if (kid.isEmpty()) {
                throw new IllegalArgumentException("JWKS key without 'kid'");
            }
            try {
                keys.put(
                        kid,
                        Ed25519Keys.publicKeyFromRaw(
                                TokenCodec.B64D.decode(k.path("x").asText(""))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("JWKS key '" + kid + "' has a bad 'x': " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("JWKS has no Ed25519 keys");
        }
        return new KeySet(keys);
    }
}
