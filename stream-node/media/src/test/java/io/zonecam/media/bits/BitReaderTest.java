package io.zonecam.media.bits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import org.junit.jupiter.api.Test;

class BitReaderTest {

    @Test
    void readsFixedWidthFieldsAcrossByteBoundaries() {
        // 1010_1100 0011_1111: 3 bits 101, 7 bits 0110000, 6 bits 111111
        BitReader r = new BitReader(new byte[] {(byte) 0xac, 0x3f});
        assertThat(r.readBits(3)).isEqualTo(5);
        assertThat(r.readBits(7)).isEqualTo(0x30);
        assertThat(r.readBits(6)).isEqualTo(0x3f);
        assertThat(r.bitsLeft()).isZero();
    }

    @Test
    void readsUnsignedExpGolombCodesOfH264Table9_2() {
        // H.264 §9.1 Table 9-2: "1"=0, "010"=1, "011"=2, "00100"=3, "00111"=6, "0001000"=7
        // 1 010 011 00100 00111 0001000 + padding 1 → 1010_0110 0100_0011 1000_1000 1
        BitWriter w = new BitWriter();
        w.writeBits(0b1, 1)
                .writeBits(0b010, 3)
                .writeBits(0b011, 3)
                .writeBits(0b00100, 5)
                .writeBits(0b00111, 5)
                .writeBits(0b0001000, 7);
        BitReader r = new BitReader(w.toByteArray());
        assertThat(new long[] {r.readUe(), r.readUe(), r.readUe(), r.readUe(), r.readUe(), r.readUe()})
                .containsExactly(0, 1, 2, 3, 6, 7);
    }

    @Test
    void readsSignedExpGolombCodesOfH264Table9_3() {
        // H.264 §9.1.1 Table 9-3: codeNum 0,1,2,3,4 → 0, 1, -1, 2, -2
        BitWriter w = new BitWriter();
        for (int k = 0; k <= 4; k++) {
            w.writeUe(k);
        }
        BitReader r = new BitReader(w.toByteArray());
        assertThat(new long[] {r.readSe(), r.readSe(), r.readSe(), r.readSe(), r.readSe()})
                .containsExactly(0, 1, -1, 2, -2);
    }

    @Test
    void writerAndReaderAgreeOnLargeExpGolombValues() {
        BitWriter w = new BitWriter().writeUe(0xFFFF_FFFEL).writeSe(-123456).writeBits(0xdead_beef_cafeL, 48);
        BitReader r = new BitReader(w.toByteArray());
        assertThat(r.readUe()).isEqualTo(0xFFFF_FFFEL);
        assertThat(r.readSe()).isEqualTo(-123456);
        assertThat(r.readLong(48)).isEqualTo(0xdead_beef_cafeL);
    }

    @Test
    void readingPastTheEndThrowsFormatExceptionNotIndexError() {
        BitReader r = new BitReader(new byte[] {(byte) 0xff}, 0, 1);
        r.readBits(6);
        assertThatThrownBy(() -> r.readBits(3)).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> new BitReader(new byte[2], 1, 2)).isInstanceOf(MediaFormatException.class);
    }

    @Test
    void refusesExpGolombCodesLongerThan32Bits() {
        // 40 zero bits then a one: a ue(v) no syntax element can hold
        byte[] data = {0, 0, 0, 0, 0, (byte) 0x80};
        assertThatThrownBy(() -> new BitReader(data).readUe()).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> new BitReader(new byte[8]).readUe()).isInstanceOf(MediaFormatException.class);
    }

    @Test
    void detectsMoreRbspDataBeforeTheStopBit() {
        // 1 bit of data "1", then the stop bit, then alignment zeros: 1100_0000
        BitReader r = new BitReader(new byte[] {(byte) 0xc0});
        assertThat(r.moreRbspData()).isTrue();
        r.readBit();
        assertThat(r.moreRbspData()).isFalse();
    }
}
