package io.zonecam.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DtlsSrtpKeyExportTest {

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void exportLengthIsTwoKeysAndTwoSaltsPerRfc5764Section4_2AndRfc7714() {
        // AES-CM: 16-byte keys and 14-byte salts; GCM: 16- or 32-byte keys and 12-byte salts.
        assertThat(DtlsSrtpKeyExport.exportLength(SrtpProtectionProfile.AES128_CM_HMAC_SHA1_80))
                .isEqualTo(60);
        assertThat(DtlsSrtpKeyExport.exportLength(SrtpProtectionProfile.AEAD_AES_128_GCM))
                .isEqualTo(56);
        assertThat(DtlsSrtpKeyExport.exportLength(SrtpProtectionProfile.AEAD_AES_256_GCM))
                .isEqualTo(88);
    }

    @Test
    void profileIdsAreTheRegisteredWireValues() {
        assertThat(SrtpProtectionProfile.fromId(0x0001)).isEqualTo(SrtpProtectionProfile.AES128_CM_HMAC_SHA1_80);
        assertThat(SrtpProtectionProfile.fromId(0x0007)).isEqualTo(SrtpProtectionProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProtectionProfile.fromId(0x0008)).isEqualTo(SrtpProtectionProfile.AEAD_AES_256_GCM);
        assertThat(SrtpProtectionProfile.fromId(0x0002)).isNull();
    }

    @Test
    void rejectsMaterialOfTheWrongLengthAndNeverPrintsKeys() {
        assertThatThrownBy(() ->
                        DtlsSrtpKeyExport.fromExporterOutput(SrtpProtectionProfile.AEAD_AES_128_GCM, new byte[60]))
                .isInstanceOf(IllegalArgumentException.class);
        DtlsSrtpKeyExport m =
                DtlsSrtpKeyExport.fromExporterOutput(SrtpProtectionProfile.AEAD_AES_128_GCM, counting(56));
        assertThat(m.toString()).isEqualTo("DtlsSrtpKeyExport[AEAD_AES_128_GCM]");
    }

    @Test
    void exporterOutputIsTheOriginalLayoutAndACopy() {
        byte[] raw = counting(88);
        DtlsSrtpKeyExport m = DtlsSrtpKeyExport.fromExporterOutput(SrtpProtectionProfile.AEAD_AES_256_GCM, raw);
        raw[0] = 99;
        m.exporterOutput()[1] = 99;
        assertThat(m.exporterOutput()).isEqualTo(counting(88));
    }
}
