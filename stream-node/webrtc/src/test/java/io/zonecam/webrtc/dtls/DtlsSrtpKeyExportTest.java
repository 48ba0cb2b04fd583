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
    void splitsExporterOutputAsClientKeyServerKeyClientSaltServerSaltPerRfc5764Section4_2() {
        // AES_CM_128_HMAC_SHA1_80: 16-byte keys, 14-byte salts, 60 bytes in all.
        DtlsSrtpKeyExport m =
                DtlsSrtpKeyExport.fromExporterOutput(SrtpProtectionProfile.AES128_CM_HMAC_SHA1_80, counting(60));
        assertThat(m.clientMasterKey()).startsWith(0).endsWith(15).hasSize(16);
        assertThat(m.serverMasterKey()).startsWith(16).endsWith(31).hasSize(16);
        assertThat(m.clientMasterSalt()).startsWith(32).endsWith(45).hasSize(14);
        assertThat(m.serverMasterSalt()).startsWith(46).endsWith(59).hasSize(14);
        assertThat(m.localMasterKey()).isEqualTo(m.serverMasterKey());
        assertThat(m.remoteMasterSalt()).isEqualTo(m.clientMasterSalt());
    }

    @Test
    void gcmProfilesUseTwelveByteSaltsPerRfc7714() {
        assertThat(DtlsSrtpKeyExport.exportLength(SrtpProtectionProfile.AEAD_AES_128_GCM))
                .isEqualTo(56);
        assertThat(DtlsSrtpKeyExport.exportLength(SrtpProtectionProfile.AEAD_AES_256_GCM))
                .isEqualTo(88);
        DtlsSrtpKeyExport m =
                DtlsSrtpKeyExport.fromExporterOutput(SrtpProtectionProfile.AEAD_AES_256_GCM, counting(88));
        assertThat(m.serverMasterKey()).startsWith(32).hasSize(32);
        assertThat(m.clientMasterSalt()).startsWith(64).hasSize(12);
        assertThat(m.serverMasterSalt()).startsWith(76).hasSize(12);
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
    void exporterOutputRestoresTheOriginalLayout() {
        byte[] raw = counting(88);
        assertThat(DtlsSrtpKeyExport.fromExporterOutput(SrtpProtectionProfile.AEAD_AES_256_GCM, raw)
                        .exporterOutput())
                .isEqualTo(raw);
    }

    @Test
    void accessorsReturnCopies() {
        DtlsSrtpKeyExport m =
                DtlsSrtpKeyExport.fromExporterOutput(SrtpProtectionProfile.AEAD_AES_128_GCM, counting(56));
        m.localMasterKey()[0] = 99;
        assertThat(m.localMasterKey()[0]).isEqualTo((byte) 16);
    }
}
