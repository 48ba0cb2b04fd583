package io.zonecam.bench.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.webrtc.srtp.SrtpContext;
import io.zonecam.webrtc.srtp.SrtpMasterKey;
import io.zonecam.webrtc.srtp.SrtpProfile;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The viewer's own SRTP against the node's, two independent implementations: what the node protects the viewer
 * authenticates and decrypts to the same bytes, a flipped bit fails authentication, and the viewer's SRTCP is
 * accepted by the node's code.
 */
class SrtpSessionTest {

    private final Random random = new Random(42);

    @ParameterizedTest
    @EnumSource(SrtpSession.Profile.class)
    void decryptsWhatTheNodeProtectsAndRejectsTampering(SrtpSession.Profile profile) throws Exception {
        byte[] keying = keying(profile);
        SrtpSession viewer = new SrtpSession(profile, keying, true);
        SrtpContext node = SrtpContext.create(serverKey(profile, keying));
        for (int seq = 65530; seq < 65550; seq++) { // across a rollover of the sequence number
            byte[] plain = rtp(seq & 0xFFFF, 1000 + seq % 7);
            byte[] wire = Arrays.copyOf(plain, plain.length + 16);
            int n = node.protectRtp(wire, 0, plain.length);
            int roc = seq >>> 16;
            assertThat(viewer.unprotectRtp(wire.clone(), n, roc)).isEqualTo(plain.length);
            byte[] copy = wire.clone();
            assertThat(viewer.unprotectRtp(copy, n, roc)).isEqualTo(plain.length);
            assertThat(Arrays.copyOf(copy, plain.length)).isEqualTo(plain);
            byte[] tampered = wire.clone();
            tampered[n / 2] ^= 1;
            assertThat(viewer.unprotectRtp(tampered, n, roc)).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSession.Profile.class)
    void theNodeAcceptsTheViewersRtcpAndTheViewerTheNodes(SrtpSession.Profile profile) throws Exception {
        byte[] keying = keying(profile);
        SrtpSession viewer = new SrtpSession(profile, keying, true);
        SrtpContext nodeReceives = SrtpContext.create(clientKey(profile, keying));
        byte[] rr = new byte[32];
        rr[0] = (byte) 0x81;
        rr[1] = (byte) 201;
        rr[3] = 7;
        for (int i = 8; i < rr.length; i++) {
            rr[i] = (byte) random.nextInt();
        }
        SrtpSession.writeInt(rr, 4, 0x11223344);
        byte[] srtcp = viewer.protectRtcp(rr, rr.length);
        byte[] buf = Arrays.copyOf(srtcp, srtcp.length + 32);
        assertThat(nodeReceives.unprotectRtcp(buf, 0, srtcp.length)).isEqualTo(rr.length);
        assertThat(Arrays.copyOf(buf, rr.length)).isEqualTo(rr);

        SrtpContext nodeSends = SrtpContext.create(serverKey(profile, keying));
        byte[] sr = Arrays.copyOf(rr, 64);
        sr[1] = (byte) 200;
        int n = nodeSends.protectRtcp(sr, 0, 32);
        assertThat(viewer.unprotectRtcp(sr, n)).isEqualTo(32);
        byte[] expected = Arrays.copyOf(rr, 32);
        expected[1] = (byte) 200;
        assertThat(Arrays.copyOf(sr, 32)).isEqualTo(expected);
    }

    private byte[] keying(SrtpSession.Profile p) {
        byte[] k = new byte[2 * (p.keyLength + p.saltLength)];
        random.nextBytes(k);
        return k;
    }

    private static SrtpMasterKey clientKey(SrtpSession.Profile p, byte[] k) {
        return new SrtpMasterKey(
                nodeProfile(p),
                Arrays.copyOfRange(k, 0, p.keyLength),
                Arrays.copyOfRange(k, 2 * p.keyLength, 2 * p.keyLength + p.saltLength));
    }

    private static SrtpMasterKey serverKey(SrtpSession.Profile p, byte[] k) {
        return new SrtpMasterKey(
                nodeProfile(p),
                Arrays.copyOfRange(k, p.keyLength, 2 * p.keyLength),
                Arrays.copyOfRange(k, 2 * p.keyLength + p.saltLength, 2 * p.keyLength + 2 * p.saltLength));
    }

    private static SrtpProfile nodeProfile(SrtpSession.Profile p) {
        return SrtpProfile.valueOf(p.name());
    }

    private byte[] rtp(int seq, int payload) {
        byte[] b = new byte[12 + payload];
        random.nextBytes(b);
        b[0] = (byte) 0x80;
        b[1] = (byte) 96;
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        SrtpSession.writeInt(b, 8, 0x5EED5EED);
        return b;
    }
}
