package io.zonecam.webrtc.negotiation;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.webrtc.dtls.CertificateFingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Offers loads the hand-written browser offers and builds camera tracks and a local endpoint for tests. */
final class Offers {

    static final String CHROME = "chrome-video-audio.sdp";
    static final String FIREFOX = "firefox-audio-video.sdp";
    static final String SAFARI = "safari-video-audio.sdp";
    static final String WERIFT = "werift-video.sdp";
    static final List<String> ALL = List.of(CHROME, FIREFOX, SAFARI, WERIFT);

    static final LocalEndpoint LOCAL = new LocalEndpoint(
            "ZcAm",
            "ZonecamIcePassword0123456",
            CertificateFingerprint.parse("sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                    + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"),
            List.of(
                    "candidate:1 1 udp 2130706431 203.0.113.7 8443 typ host",
                    "a=candidate:2 1 udp 2130706175 2001:db8::7 8443 typ host"));

    private Offers() {}

    /** An offer as browsers send it: CRLF line endings. */
    static String load(String name) {
        try (InputStream in = Offers.class.getResourceAsStream("offers/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no offer " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\r\n", "\n")
                    .replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SPS NAL unit start: header, profile_idc, constraint flags, level_idc, then some bits. */
    static byte[] sps(int profileIdc, int constraints, int levelIdc) {
        return new byte[] {0x67, (byte) profileIdc, (byte) constraints, (byte) levelIdc, (byte) 0xAC, 0x2B, 0x40};
    }

    static TrackInfo h264(int profileIdc, int constraints, int levelIdc) {
        return TrackInfo.video(
                1,
                Codec.H264,
                90_000,
                List.of(sps(profileIdc, constraints, levelIdc), new byte[] {0x68, (byte) 0xEE, 0x3C, (byte) 0x80}),
                1920,
                1080);
    }

    static final TrackInfo HIGH_40 = h264(0x64, 0x00, 40);
    static final TrackInfo MAIN_31 = h264(0x4D, 0x40, 31);
    static final TrackInfo CONSTRAINED_BASELINE_31 = h264(0x42, 0xE0, 31);
    static final TrackInfo AAC = TrackInfo.audio(2, Codec.AAC, 48_000, new byte[] {0x11, (byte) 0x90}, 48_000, 2);
    static final TrackInfo OPUS = TrackInfo.audio(2, Codec.OPUS, 48_000, null, 48_000, 2);
    static final TrackInfo PCMU = TrackInfo.audio(2, Codec.PCMU, 8_000, null, 8_000, 1);
    static final TrackInfo PCMA = TrackInfo.audio(2, Codec.PCMA, 8_000, null, 8_000, 1);
}
