package io.zonecam.ingest.session;

import java.security.SecureRandom;
import java.util.HexFormat;

/** SessionIds makes publish session ids: unguessable, 16 hex digits (also the RTSP Session header value). */
public final class SessionIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionIds() {}

    /** A new session id. */
    public static String next() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
