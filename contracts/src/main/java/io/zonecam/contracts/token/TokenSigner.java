package io.zonecam.contracts.token;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * TokenSigner issues compact JWS tokens (RFC 7515) signed with Ed25519 (EdDSA, RFC 8037) under a key id.
 *
 * <p>Only the control plane holds a signer. Thread-safe.
 */
public final class TokenSigner {

    private final PrivateKey key;
    private final String keyId;
    private final String header;

    public TokenSigner(PrivateKey key, String keyId) {
        if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("token keys are Ed25519, not " + key.getAlgorithm());
        }
        this.key = key;
        this.keyId = keyId;
        this.header = TokenCodec.header(keyId);
    }

    /** The key id written into every token's header. */
    public String keyId() {
        return keyId;
    }

    /** Signs the claims; returns {@code header.payload.signature}. */
    public String sign(TokenClaims claims) {
        String signingInput = header + "." + TokenCodec.payload(claims);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(TokenCodec.ascii(signingInput));
            return signingInput + "." + TokenCodec.B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
