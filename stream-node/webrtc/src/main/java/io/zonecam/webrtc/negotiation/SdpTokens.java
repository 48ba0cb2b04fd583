package io.zonecam.webrtc.negotiation;

/**
 * SdpTokens decides what of an offer may be echoed into an answer or an error message: RFC 8866 tokens and protocol
 * names of bounded length, and abbreviated text with control characters replaced.
 */
final class SdpTokens {

    /** Longest offer text echoed or reported. */
    static final int MAX_LENGTH = 64;

    private SdpTokens() {}

    /** RFC 8866 token characters, bounded: what mids, media types and formats may be echoed as. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`{|}~".indexOf(c) >= 0);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isProtocol(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (String part : s.split("/", -1)) {
            if (!isToken(part)) {
                return false;
            }
        }
        return true;
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH) + "…";
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }
}
