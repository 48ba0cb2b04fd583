package io.zonecam.webrtc.dtls;

import static io.zonecam.webrtc.dtls.DtlsServerSessionTest.handshake;
import static io.zonecam.webrtc.dtls.DtlsServerSessionTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtlsRecordScreenTest {

    private static final int LIMIT = 16 * 1024;

    private static boolean ok(byte[] d) {
        return DtlsRecordScreen.acceptable(d, 0, d.length, LIMIT);
    }

    @Test
    void acceptsAPlainHandshakeRecordAndSeveralRecordsInOneDatagram() {
        byte[] r1 = record(22, 0, 0, handshake(1, 0, new byte[40]));
        byte[] r2 = record(20, 0, 1, new byte[] {1});
        byte[] both = new byte[r1.length + r2.length];
        System.arraycopy(r1, 0, both, 0, r1.length);
        System.arraycopy(r2, 0, both, r1.length, r2.length);
        assertThat(ok(r1)).isTrue();
        assertThat(ok(both)).isTrue();
    }

    @Test
    void acceptsDtls10RecordVersionAsClientHellosUseIt() {
        byte[] r = record(22, 0, 0, handshake(1, 0, new byte[40]));
        r[2] = (byte) 0xFF;
        assertThat(ok(r)).isTrue();
    }

    @Test
    void encryptedEpochOneRecordsPassWithoutInspection() {
        byte[] r = record(22, 1, 0, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThat(ok(r)).isTrue();
    }

    @Test
    void rejectsShortTruncatedAndForeignDatagrams() {
        assertThat(ok(new byte[5])).isFalse();
        byte[] r = record(22, 0, 0, handshake(1, 0, new byte[40]));
        assertThat(DtlsRecordScreen.acceptable(r, 0, r.length - 1, LIMIT))
                .as("truncated")
                .isFalse();
        byte[] heartbeat = record(24, 0, 0, new byte[3]);
        assertThat(ok(heartbeat)).isFalse();
        byte[] tls = record(22, 0, 0, handshake(1, 0, new byte[40]));
        tls[1] = 0x03; // a TLS, not DTLS, version
        assertThat(ok(tls)).isFalse();
        byte[] trailing = new byte[r.length + 3];
        System.arraycopy(r, 0, trailing, 0, r.length);
        assertThat(ok(trailing)).as("bytes after the last record").isFalse();
    }

    @Test
    void rejectsHandshakeFragmentsThatAnnounceTooMuchOrOverrunTheirMessage() {
        byte[] hs = handshake(11, 1, new byte[50]);
        hs[1] = 0x01; // message length 65586 > limit
        assertThat(ok(record(22, 0, 0, hs))).isFalse();
        byte[] overrun = handshake(11, 1, new byte[50]);
        overrun[8] = 10; // fragment_offset 10 + fragment_length 50 > length 50
        assertThat(ok(record(22, 0, 0, overrun))).isFalse();
        byte[] longFragment = handshake(11, 1, new byte[50]);
        longFragment[11] = 60; // fragment_length says 60 but 50 bytes follow
        assertThat(ok(record(22, 0, 0, longFragment))).isFalse();
    }
}
