package io.zonecam.media.bits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RbspTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void unescapeRemovesEmulationPreventionBytesPerH264Section7_4_1() {
        // 00 00 03 01 → 00 00 01 ; 00 00 03 03 → 00 00 03 ; a lone 03 stays
        assertThat(Rbsp.unescape(hex("aa 00 00 03 01 03 00 00 03 03"))).isEqualTo(hex("aa 00 00 01 03 00 00 03"));
    }

    @Test
    void escapeInsertsThreeBeforeAnyByteUpToThreeAfterTwoZeros() {
        assertThat(Rbsp.escape(hex("00 00 00 00 00 01 00 00 04"), 0, 9))
                .isEqualTo(hex("00 00 03 00 00 03 00 01 00 00 04"));
    }

    @Test
    void escapeThenUnescapeIsIdentityForRandomPayloads() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[random.nextInt(64)];
            for (int j = 0; j < data.length; j++) {
                data[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt(4) : 0);
            }
            byte[] escaped = Rbsp.escape(data, 0, data.length);
            for (int j = 2; j < escaped.length; j++) {
                assertThat(escaped[j - 2] == 0 && escaped[j - 1] == 0 && (escaped[j] & 0xff) < 3)
                        .isFalse();
            }
            assertThat(Rbsp.unescape(escaped)).isEqualTo(data);
        }
    }
}
