package io.zonecam.control.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.contracts.token.TokenException;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.contracts.token.TokenVerifier;
import io.zonecam.control.support.Fixtures.Org;

/** TokenChecks are checks of issued tokens that several API tests make, as a stream node would verify them. */
public final class TokenChecks {

    private TokenChecks() {}

    /** Asserts that {@code token} opens no other camera of the organization (a new one is made for the check). */
    public static void assertRefusedForAnotherCamera(TokenVerifier verifier, String token, TokenKind kind, Org org) {
        String other = Fixtures.camera(org).getString("camera.id");
        assertThatThrownBy(() -> verifier.verify(token, kind, other))
                .isInstanceOfSatisfying(
                        TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_CAMERA));
    }
}
