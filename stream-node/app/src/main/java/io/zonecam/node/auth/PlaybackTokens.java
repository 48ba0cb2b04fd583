package io.zonecam.node.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenException;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.http.HttpProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PlaybackTokens checks the token of a playback request (live or recorded) for one camera and answers 401 with the
 * reason (expired, another camera, wrong kind, revoked…) so players can say what went wrong.
 */
@ApplicationScoped
public class PlaybackTokens {

    @Inject
    TokenKeyCache keys;

    @Inject
    RevokedTokens revoked;

    @Inject
    MeterRegistry registry;

    /** The token's claims, or an {@link HttpProblem} 401. */
    public TokenClaims verify(String token, TokenKind kind, String cameraId) {
        return verify(token, Set.of(kind), kind, cameraId, false);
    }

    /**
     * The claims of a token of any of {@code kinds} for {@code cameraId}, for routes that answer a token of another
     * camera like a camera that does not exist (404 {@code not-found}); every other refusal is a 401 as above.
     */
    public TokenClaims verifyScoped(String token, Set<TokenKind> kinds, String cameraId) {
        return verify(token, kinds, kinds.iterator().next(), cameraId, true);
    }

    private TokenClaims verify(
            String token, Set<TokenKind> kinds, TokenKind kind, String cameraId, boolean otherCameraIsMissing) {
        if (token == null || token.isEmpty()) {
            refused(kind, "missing");
            throw HttpProblem.unauthorized("A playback token is required.");
        }
        TokenClaims claims;
        try {
            claims = keys.verifier().verify(token);
            if (!kinds.contains(claims.kind())) {
                throw new TokenException(TokenException.Reason.WRONG_KIND, "wrong kind");
            }
            if (!claims.cameraId().equals(cameraId)) {
                throw new TokenException(TokenException.Reason.WRONG_CAMERA, "another camera");
            }
        } catch (TokenException e) {
            if (e.reason() == TokenException.Reason.UNKNOWN_KEY) {
                keys.unknownKeySeen();
            }
            refused(kind, e.reason().name().toLowerCase(Locale.ROOT));
            if (e.reason() == TokenException.Reason.WRONG_CAMERA && otherCameraIsMissing) {
                throw HttpProblem.notFound("No such camera.");
            }
            String detail = switch (e.reason()) {
                case EXPIRED -> "The playback token has expired; get a new playback URL.";
                case WRONG_CAMERA -> "The playback token is for another camera.";
                case WRONG_KIND ->
                    "The playback token is not for "
                            + kinds.stream().map(TokenKind::wireName).sorted().collect(Collectors.joining(" or "))
                            + " playback.";
                default -> "The playback token is not valid.";
            };
            throw HttpProblem.unauthorized(detail);
        }
        if (revoked.isRevoked(claims.tokenId())) {
            refused(kind, "revoked");
            throw new HttpProblem(401, "revoked", "Unauthorized", "This link was revoked by its owner.");
        }
        return claims;
    }

    private void refused(TokenKind kind, String reason) {
        registry.counter("zonecam.tokens.refused", "kind", kind.wireName(), "reason", reason)
                .increment();
    }
}
