package io.zonecam.contracts.token;

/** TokenException says why a token was refused; the reason is safe to count in metrics and log. */
public final class TokenException extends RuntimeException {

    /** Why a token was refused. */
    public enum Reason {
        MALFORMED,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        EXPIRED,
        NOT_YET_VALID,
        WRONG_ISSUER,
        WRONG_KIND,
        WRONG_CAMERA,
        WRONG_ZONE,
        OUT_OF_RANGE
    }

    private final Reason reason;

    public TokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The machine-readable reason. */
    public Reason reason() {
        return reason;
    }
}
