package io.zonecam.control.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature signs a delivery: {@code Zonecam-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>}, the HMAC keyed with
 * the webhook's secret over {@code t + "." + body}. Receivers recompute it, compare in constant time, and refuse a
 * {@code t} more than 5 minutes from their clock (the replay window). The timestamp is taken at each attempt, so a
 * retry is signed anew.
 */
public final class Signature {

    public static final String HEADER = "Zonecam-Signature";
    public static final String EVENT_ID_HEADER = "Zonecam-Event-Id";

    private Signature() {}

    /** The header value for a body sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
