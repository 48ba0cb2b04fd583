package io.zonecam.ingest.rtsp;

import java.util.Locale;

/**
 * TransportSpec is one parsed transport from an RTSP {@code Transport} header (RFC 2326 §12.39), reduced to what a
 * publishing session needs.
 *
 * @param tcp         true for {@code RTP/AVP/TCP} (interleaved), false for {@code RTP/AVP[/UDP]}
 * @param multicast   true when {@code multicast} was asked for (refused)
 * @param interleaved the interleaved RTP channel (RTCP is the next one), or -1 when not given
 * @param clientRtp   the client's RTP port for UDP, or -1
 * @param clientRtcp  the client's RTCP port for UDP, or -1
 * @param record      true when {@code mode=record} (or {@code "RECORD"}) was given
 */
public record TransportSpec(
        boolean tcp, boolean multicast, int interleaved, int clientRtp, int clientRtcp, boolean record) {

    /**
     * Parses the first transport of a header value that describes RTP (RFC 2326 lists alternatives separated by
     * commas; the server picks the first it supports). Returns null when none is RTP/AVP.
     */
    public static TransportSpec parse(String header) {
        if (header == null) {
            return null;
        }
        for (String alt : header.split(",")) {
            TransportSpec t = parseOne(alt.trim());
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static TransportSpec parseOne(String spec) {
        String[] params = spec.split(";");
        if (params.length == 0) {
            return null; // ";" alone: String.split drops the trailing empty strings
        }
        String proto = params[0].trim().toUpperCase(Locale.ROOT);
        boolean tcp;
        switch (proto) {
            case "RTP/AVP", "RTP/AVP/UDP" -> tcp = false;
            case "RTP/AVP/TCP" -> tcp = true;
            default -> {
                return null;
            }
        }
        boolean multicast = false;
        int interleaved = -1;
        int clientRtp = -1;
        int clientRtcp = -1;
        boolean record = false;
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : unquote(p.substring(eq + 1).trim());
            switch (name) {
                case "multicast" -> multicast = true;
                case "interleaved" -> {
                    int[] r = range(value, 255);
                    if (r == null) {
                        return null;
                    }
                    interleaved = r[0];
                }
                case "client_port" -> {
                    int[] r = range(value, 65535);
                    if (r == null) {
                        return null;
                    }
                    clientRtp = r[0];
                    clientRtcp = r[1];
                }
                case "mode" -> record = value.toLowerCase(Locale.ROOT).contains("record");
                default -> {
                    // unicast, ssrc, ttl, destination, source...: nothing a publishing server must act on
                }
            }
        }
        return new TransportSpec(tcp, multicast, interleaved, clientRtp, clientRtcp, record);
    }

    /** Parses "a" or "a-b" within 0..max; a single value implies b = a + 1. */
    private static int[] range(String v, int max) {
        try {
            int dash = v.indexOf('-');
            int a = Integer.parseInt(dash < 0 ? v : v.substring(0, dash));
            int b = dash < 0 ? a + 1 : Integer.parseInt(v.substring(dash + 1));
            if (a < 0 || b < 0 || a > max || b > max) {
                return null;
            }
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
