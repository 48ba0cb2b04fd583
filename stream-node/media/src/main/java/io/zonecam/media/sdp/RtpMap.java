package io.zonecam.media.sdp;

import java.util.Locale;

/**
 * RtpMap is a parsed {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]} attribute (RFC 8866 §6.6).
 *
 * @param payloadType RTP payload type 0..127
 * @param encoding    encoding name as written (compare with {@link #is(String)})
 * @param clockRate   RTP clock rate in Hz
 * @param channels    audio channels; 1 when not given
 */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {

    /** Parses the value of an rtpmap attribute (without the {@code rtpmap:} name). */
    public static RtpMap parse(String value) {
        String[] parts = value.trim().split("\\s+", 2);
        if (parts.length != 2) {
            throw new SdpException("rtpmap needs '<payload type> <encoding>/<clock rate>': " + value);
        }
        int pt = SessionDescription.parseInt(parts[0], "rtpmap payload type");
        if (pt < 0 || pt > 127) {
            throw new SdpException("rtpmap payload type out of range 0..127: " + pt);
        }
        String[] enc = parts[1].split("/");
        if (enc.length < 2 || enc[0].isEmpty()) {
            throw new SdpException("rtpmap encoding needs '<name>/<clock rate>': " + parts[1]);
        }
        int clock = SessionDescription.parseInt(enc[1], "rtpmap clock rate");
        if (clock <= 0) {
            throw new SdpException("rtpmap clock rate must be positive: " + clock);
        }
        int channels = enc.length > 2 ? SessionDescription.parseInt(enc[2], "rtpmap channels") : 1;
        return new RtpMap(pt, enc[0], clock, channels);
    }

    /** True when the encoding name matches, ignoring case as RFC 8866 requires. */
    public boolean is(String encodingName) {
        return encoding.toUpperCase(Locale.ROOT).equals(encodingName.toUpperCase(Locale.ROOT));
    }
}
