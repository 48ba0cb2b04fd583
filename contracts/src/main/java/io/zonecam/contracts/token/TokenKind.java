package io.zonecam.contracts.token;

import java.util.Locale;

/** TokenKind says what a Zonecam token lets its bearer do; nodes check it before anything else. */
public enum TokenKind {
    /** A camera publishing its own video to a stream node (RTSP/RTMP). */
    DEVICE,
    /** A viewer watching one camera live over WHEP. */
    LIVE,
    /** A viewer playing one camera's recordings for a time range over HLS, or exporting a clip. */
    RECORDED;

    /** The wire name, as it appears in the {@code knd} claim. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws {@link TokenException} for anything else. */
    public static TokenKind fromWire(String value) {
        for (TokenKind k : values()) {
            if (k.wireName().equals(value)) {
                return k;
            }
        }
        throw new TokenException(TokenException.Reason.MALFORMED, "unknown token kind: " + value);
    }
}
