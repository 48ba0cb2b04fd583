package io.zonecam.webrtc.rtx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtxEncoderTest {

    @Test
    void rtxPacketCarriesOsnThenTheOriginalPayloadUnderRtxPayloadTypeSsrcAndSequencePerRfc4588() {
        byte[] original = {
            (byte) 0x80,
            (byte) 0xE6, // V=2, M=1, PT=102
            0x12,
            0x34, // sequence number 0x1234
            0x00,
            0x01,
            0x02,
            0x03, // timestamp
            0x11,
            0x22,
            0x33,
            0x44, // SSRC
            0x7C,
            (byte) 0x85,
            0x01,
            0x02 // payload (FU-A start)
        };
        RtxEncoder rtx = new RtxEncoder(103, 0xAABBCCDDL, 500);
        byte[] out = rtx.encode(original);
        assertThat(out)
                .containsExactly(
                        (byte) 0x80,
                        (byte) 0xE7, // marker kept, PT=103
                        0x01,
                        (byte) 0xF4, // RTX sequence 500
                        0x00,
                        0x01,
                        0x02,
                        0x03, // same timestamp
                        (byte) 0xAA,
                        (byte) 0xBB,
                        (byte) 0xCC,
                        (byte) 0xDD,
                        0x12,
                        0x34, // OSN
                        0x7C,
                        (byte) 0x85,
                        0x01,
                        0x02);
        assertThat(rtx.nextSequenceNumber()).isEqualTo(501);
        assertThat(rtx.encoded()).isEqualTo(1);
    }

    @Test
    void keepsCsrcsAndHeaderExtensionAndDropsPadding() {
        byte[] original = {
            (byte) 0xB1,
            0x60,
            0x00,
            0x07, // V=2, P=1, X=1, CC=1, PT=96, seq 7
            0,
            0,
            0,
            9,
            0,
            0,
            0,
            1,
            0,
            0,
            0,
            2, // CSRC
            (byte) 0xBE,
            (byte) 0xDE,
            0x00,
            0x01, // one-byte extension header, 1 word
            0x10,
            0x05,
            0x00,
            0x00,
            0x65,
            0x66, // payload
            0x00,
            0x00,
            0x03 // 3 bytes of padding
        };
        byte[] out = new RtxEncoder(97, 5, 0xFFFF).encode(original);
        assertThat(out).hasSize(24 + 2 + 2);
        assertThat(out[0]).isEqualTo((byte) 0x91); // P cleared, X and CC kept
        assertThat(Arrays.copyOfRange(out, 12, 24)).isEqualTo(Arrays.copyOfRange(original, 12, 24));
        assertThat(Arrays.copyOfRange(out, 24, 28)).containsExactly(0x00, 0x07, 0x65, 0x66);
        assertThat(out[2]).isEqualTo((byte) 0xFF);
    }

    @Test
    void sequenceNumbersWrapAfter65535() {
        RtxEncoder rtx = new RtxEncoder(97, 5, 65_535);
        byte[] p = RetransmissionBufferTest.rtp(1, 4);
        assertThat(RtpHeader.sequenceNumber(rtx.encode(p))).isEqualTo(65_535);
        assertThat(RtpHeader.sequenceNumber(rtx.encode(p))).isEqualTo(0);
    }

    @Test
    void malformedOriginalsAreCountedNotThrown() {
        RtxEncoder rtx = new RtxEncoder(97, 5, 0);
        assertThat(rtx.encode(new byte[8])).isNull();
        byte[] cc = RetransmissionBufferTest.rtp(1, 0);
        cc[0] = (byte) 0x8F; // 15 CSRCs announced, none present
        assertThat(rtx.encode(cc)).isNull();
        byte[] pad = RetransmissionBufferTest.rtp(1, 2);
        pad[0] = (byte) 0xA0;
        pad[pad.length - 1] = 9; // more padding than payload
        assertThat(rtx.encode(pad)).isNull();
        assertThat(rtx.malformed()).isEqualTo(3);
        assertThat(rtx.nextSequenceNumber()).as("no sequence number consumed").isZero();
    }

    @Test
    void encodesIntoACallerBufferAtAnOffset() {
        byte[] p = RetransmissionBufferTest.rtp(42, 10);
        byte[] dst = new byte[100];
        int n = new RtxEncoder(97, 5, 1).encode(p, p.length, dst, 30);
        assertThat(n).isEqualTo(p.length + 2);
        assertThat(dst[30 + 12]).isEqualTo((byte) 0);
        assertThat(dst[30 + 13]).isEqualTo((byte) 42);
    }
}
