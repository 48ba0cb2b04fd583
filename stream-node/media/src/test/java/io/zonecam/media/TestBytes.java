package io.zonecam.media;

import java.util.HexFormat;

/** TestBytes turns commented hex strings into byte arrays for test vectors. */
public final class TestBytes {

    private TestBytes() {}

    /** Parses hex digits, ignoring spaces. */
    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
