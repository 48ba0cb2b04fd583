package io.zonecam.contracts.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    final KeyPair pair = Ed25519Keys.generate();
    final String kid = Ed25519Keys.keyId(pair.getPublic());
    final TokenSigner signer = new TokenSigner(pair.getPrivate(), kid);
    final KeySet keys = new KeySet(Map.of(kid, pair.getPublic()));
    final TokenVerifier verifier = verifierAt(NOW);

    TokenVerifier verifierAt(Instant now) {
        return new TokenVerifier(keys::find, "zonecam", Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(30));
    }

    static TokenClaims live(String camera) {
        return new TokenClaims(
                "zonecam", camera, "org-1", TokenKind.LIVE, null, null, null, NOW, NOW.plusSeconds(300), "t1");
    }

    @Test
    void shouldRoundTripEveryClaim() {
        TokenClaims recorded = new TokenClaims(
                "zonecam",
                "cam-1",
                "org-1",
                TokenKind.RECORDED,
                null,
                NOW.minusSeconds(3600),
                NOW.minusSeconds(60),
                NOW,
                NOW.plusSeconds(300),
                "t2");
        assertThat(verifier.verify(signer.sign(recorded))).isEqualTo(recorded);
        TokenClaims device = new TokenClaims(
                "zonecam", "cam-1", "org-1", TokenKind.DEVICE, "zone-a", null, null, NOW, NOW.plusSeconds(3600), "t3");
        assertThat(verifier.verify(signer.sign(device), TokenKind.DEVICE, "cam-1")
                        .zone())
                .isEqualTo("zone-a");
    }

    @Test
    void shouldRefuseAlteredPayload() {
        String token = signer.sign(live("cam-a"));
        String[] parts = token.split("\\.");
        String payload =
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("cam-a", "cam-b");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        assertRefused(() -> verifier.verify(forged), TokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseTokenForAnotherCamera() {
        String token = signer.sign(live("cam-a"));
        assertRefused(() -> verifier.verify(token, TokenKind.LIVE, "cam-b"), TokenException.Reason.WRONG_CAMERA);
    }

    @Test
    void shouldRefuseWrongKind() {
        String token = signer.sign(live("cam-a"));
        assertRefused(() -> verifier.verify(token, TokenKind.DEVICE, "cam-a"), TokenException.Reason.WRONG_KIND);
    }

    @Test
    void shouldRefuseExpiredTokenAfterLeeway() {
        String token = signer.sign(live("cam-a"));
        assertThat(verifierAt(NOW.plusSeconds(329)).verify(token).cameraId()).isEqualTo("cam-a");
        assertRefused(() -> verifierAt(NOW.plusSeconds(331)).verify(token), TokenException.Reason.EXPIRED);
    }

    @Test
    void shouldRefuseTokenFromTheFuture() {
        String token = signer.sign(live("cam-a"));
        assertRefused(() -> verifierAt(NOW.minusSeconds(120)).verify(token), TokenException.Reason.NOT_YET_VALID);
    }

    @Test
    void shouldRefuseTokenSignedByAnotherKeyUnderAKnownKeyId() {
        KeyPair other = Ed25519Keys.generate();
        String token = new TokenSigner(other.getPrivate(), kid).sign(live("cam-a"));
        assertRefused(() -> verifier.verify(token), TokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseUnknownKeyId() {
        KeyPair other = Ed25519Keys.generate();
        String token = new TokenSigner(other.getPrivate(), "retired").sign(live("cam-a"));
        assertRefused(() -> verifier.verify(token), TokenException.Reason.UNKNOWN_KEY);
    }

    @Test
    void shouldRefuseAlgNoneAndGarbage() {
        String none =
                Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"kid\":\"x\"}".getBytes());
        String body = signer.sign(live("cam-a")).split("\\.")[1];
        for (String bad : new String[] {
            none + "." + body + ".", none + "." + body + ".AAAA", "a.b", "....", "x.y.z", "", "a".repeat(5000)
        }) {
            assertThatThrownBy(() -> verifier.verify(bad)).isInstanceOf(TokenException.class);
        }
    }

    @Test
    void shouldRefuseOtherIssuer() {
        TokenClaims c = new TokenClaims(
                "someone-else", "cam-a", "org-1", TokenKind.LIVE, null, null, null, NOW, NOW.plusSeconds(60), "t");
        assertRefused(() -> verifier.verify(signer.sign(c)), TokenException.Reason.WRONG_ISSUER);
    }

    @Test
    void shouldVerifyWithKeysReadBackFromJwksAfterRotation() {
        KeyPair next = Ed25519Keys.generate();
        String nextKid = Ed25519Keys.keyId(next.getPublic());
        KeySet published =
                KeySet.fromJwks(new KeySet(Map.of(kid, pair.getPublic(), nextKid, next.getPublic())).toJwks());
        TokenVerifier nodeSide =
                new TokenVerifier(published::find, "zonecam", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);
        assertThat(nodeSide.verify(signer.sign(live("cam-a"))).cameraId()).isEqualTo("cam-a");
        assertThat(nodeSide.verify(new TokenSigner(next.getPrivate(), nextKid).sign(live("cam-b")))
                        .cameraId())
                .isEqualTo("cam-b");
    }

    @Test
    void shouldDeriveThePublicKeyFromAStoredPrivateKey() {
        var restored = Ed25519Keys.privateKeyFromPkcs8(Ed25519Keys.toPkcs8(pair.getPrivate()));
        assertThat(Ed25519Keys.publicKeyOf(restored).getEncoded())
                .isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void shouldRefuseMalformedJwks() {
        for (String bad : new String[] {
            "nope",
            "{}",
            "{\"keys\":[]}",
            "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"a\",\"x\":\"AAAA\"}]}"
        }) {
            assertThatThrownBy(() -> KeySet.fromJwks(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void assertRefused(ThrowingCallable call, TokenException.Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
