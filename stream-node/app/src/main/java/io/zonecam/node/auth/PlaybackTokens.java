package io.zonecam.node.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenException;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.http.HttpProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * PlaybackTokens checks the token of a playback request (live or recorded) for one camera and answers 401 with the
 * reason (expired, another camera, wrong kind, revoked…) so players can say what went wrong.
 */
@ApplicationScoped
public class PlaybackTokens {

    private final TokenKeyCache keys;
    private final RevokedTokens revoked;
    private final MeterRegistry registry;

    public PlaybackTokens(TokenKeyCache keys, RevokedTokens revoked, MeterRegistry registry) {
        this.keys = keys;
        this.revoked = revoked;
        this.registry = registry;
    }

    /** The token's claims, or an {@link HttpProblem} 401. */
    public TokenClaims verify(String token, TokenKind kind, String cameraId) {
        if (token == null || token.isEmpty()) {
            refused(kind, "missing");
            throw HttpProblem.unauthorized("A playback token is required.");
        }
        TokenClaims claims;
        try {
            claims = keys.verifier().verify(token, kind, cameraId);
        } catch (TokenException e) {
            if (e.reason() == TokenException.Reason.UNKNOWN_KEY) {
                keys.unknownKeySeen();
            }
            refused(kind, e.reason().name().toLowerCase(Locale.ROOT));
            String detail = switch (e.reason()) {
                case EXPIRED -> "The playback token has expired; get a new playback URL.";
                case WRONG_CAMERA -> "The playback token is for another camera.";
                case WRONG_KIND -> "The playback token is not for " + kind.wireName() + " playback.";
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
