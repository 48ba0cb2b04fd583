package io.zonecam.media.rtp;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void parsesTheFixedHeaderOfRfc3550Section5_1() {
        byte[] packet = hex(
                "80" // V=2 P=0 X=0 CC=0
                        + " e0" // M=1 PT=96
                        + " 1234" // sequence number
                        + " deadbeef" // timestamp
                        + " 01020304" // SSRC
                        + " 65 aa bb"); // payload
        RtpPacket p = RtpPacket.parse(packet);
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.marker()).isTrue();
        assertThat(p.sequenceNumber()).isEqualTo(0x1234);
        assertThat(p.timestamp()).isEqualTo(0xdeadbeefL);
        assertThat(p.ssrc()).isEqualTo(0x01020304L);
        assertThat(p.payload()).isEqualTo(hex("65aabb"));
        assertThat(p.toByteArray()).isEqualTo(packet);
    }

    @Test
    void skipsCsrcListAndHeaderExtensionAndStripsPadding() {
        byte[] packet = hex(
                "b2" // V=2 P=1 X=1 CC=2
                        + " 60 0001 00000010 0000000a"
                        + " 11111111 22222222" // two CSRCs
                        + " bede 0001 10ff0000" // RFC 8285 one-byte extension profile, 1 word
                        + " 01 02 03" // payload
                        + " 00 00 03"); // 3 padding octets, last one is the count
        RtpPacket p = RtpPacket.parse(packet);
        assertThat(p.marker()).isFalse();
        assertThat(p.payload()).isEqualTo(hex("010203"));
    }

    @Test
    void rejectsMalformedHeadersWithTheFormatException() {
        assertThatThrownBy(() -> RtpPacket.parse(hex("8060000100000001000000")))
                .isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> RtpPacket.parse(hex("406000010000000100000001"))) // version 1
                .isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> RtpPacket.parse(hex("8f6000010000000100000001"))) // 15 CSRCs missing
                .isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> RtpPacket.parse(hex("906000010000000100000001 bede00ff"))) // extension too long
                .isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> RtpPacket.parse(hex("a06000010000000100000001 aa 09"))) // padding > payload
                .isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> RtpPacket.parse(hex("a06000010000000100000001 aa 00"))) // padding count 0
                .isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> RtpPacket.parse(new byte[4], 5)).isInstanceOf(MediaFormatException.class);
    }

    @Test
    void writesAHeaderThatParsesBack() {
        RtpPacket p = RtpPacket.of(111, true, 65535, 0xFFFF_FFFFL, 0x8000_0000L, hex("fc"));
        RtpPacket back = RtpPacket.parse(p.toByteArray());
        assertThat(back).usingRecursiveComparison().ignoringFields("buffer").isEqualTo(p);
    }
}
