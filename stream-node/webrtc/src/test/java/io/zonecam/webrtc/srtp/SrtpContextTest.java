package io.zonecam.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpContextTest {

    static final int SSRC = 0x0A0B0C0D;
    final Random random = new Random(11);

    SrtpMasterKey master(SrtpProfile p) {
        byte[] key = new byte[p.keyLength()];
        byte[] salt = new byte[p.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        return new SrtpMasterKey(p, key, salt);
    }

    static byte[] rtp(int seq, int ssrc, int payloadLength, Random r) {
        byte[] p = new byte[12 + payloadLength + 64];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[4] = 0x01;
        Bytes.writeInt(p, 8, ssrc);
        byte[] payload = new byte[payloadLength];
        r.nextBytes(payload);
        System.arraycopy(payload, 0, p, 12, payloadLength);
        return p;
    }

    static byte[] rtcp(int ssrc) {
        byte[] p = new byte[28 + 64];
        p[0] = (byte) 0x80;
        p[1] = (byte) 200;
        p[3] = 6;
        Bytes.writeInt(p, 4, ssrc);
        for (int i = 8; i < 28; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    /** Each test here runs once per profile, with a sender and a receiver keyed alike. */
    @Nested
    @ParameterizedClass
    @EnumSource(SrtpProfile.class)
    class InEveryProfile {

        @Parameter
        SrtpProfile profile;

        SrtpMasterKey key;
        SrtpContext tx;
        SrtpContext rx;

        @BeforeEach
        void keyBothEnds() {
            key = master(profile);
            tx = SrtpContext.create(key);
            rx = SrtpContext.create(key);
        }

        @Test
        void protectThenUnprotectRestoresRtpAndRtcp() {
            for (int seq = 100; seq < 200; seq++) {
                byte[] packet = rtp(seq, SSRC, 1 + seq * 7 % 1200, random);
                int len = 12 + 1 + seq * 7 % 1200;
                byte[] plain = Arrays.copyOf(packet, len);
                int n = tx.protectRtp(packet, 0, len);
                assertThat(n).isEqualTo(len + profile.rtpOverhead());
                assertThat(Arrays.copyOfRange(packet, 12, len)).isNotEqualTo(Arrays.copyOfRange(plain, 12, len));
                assertThat(rx.unprotectRtp(packet, 0, n)).isEqualTo(len);
                assertThat(Arrays.copyOf(packet, len)).isEqualTo(plain);
            }
            for (int i = 0; i < 5; i++) {
                byte[] packet = rtcp(SSRC);
                byte[] plain = Arrays.copyOf(packet, 28);
                int n = tx.protectRtcp(packet, 0, 28);
                assertThat(n).isEqualTo(28 + profile.rtcpOverhead());
                assertThat(rx.unprotectRtcp(packet, 0, n)).isEqualTo(28);
                assertThat(Arrays.copyOf(packet, 28)).isEqualTo(plain);
            }
            assertThat(rx.rtpUnprotected()).isEqualTo(100);
            assertThat(rx.rtcpUnprotected()).isEqualTo(5);
            assertThat(rx.authFailures() + rx.replayDrops() + rx.malformed() + rx.otherFailures())
                    .isZero();
        }

        @Test
        void headerWithCsrcsAndExtensionIsAuthenticatedNotEncrypted() {
            byte[] packet = rtp(7, SSRC, 100, random);
            packet[0] = (byte) 0x91; // X = 1, CC = 1
            // CSRC at 12..15, extension header at 16..19 ("BEDE", 1 word), extension data 20..23.
            packet[16] = (byte) 0xBE;
            packet[17] = (byte) 0xDE;
            packet[18] = 0;
            packet[19] = 1;
            byte[] header = Arrays.copyOf(packet, 24);
            int n = tx.protectRtp(packet, 0, 112);
            assertThat(Arrays.copyOf(packet, 24)).isEqualTo(header);
            byte[] tampered = packet.clone();
            tampered[21] ^= 1;
            assertThat(rx.unprotectRtp(tampered, 0, n)).isEqualTo(SrtpContext.ERR_AUTH);
            assertThat(rx.unprotectRtp(packet, 0, n)).isEqualTo(112);
        }

        @Test
        void aFlippedBitAnywhereFailsAuthenticationAndIsCounted() {
            byte[] packet = rtp(1, SSRC, 200, random);
            int n = tx.protectRtp(packet, 0, 212);
            for (int bit : new int[] {8 * 1 + 3, 8 * 4, 8 * 50 + 5, 8 * (n - 1)}) {
                byte[] copy = packet.clone();
                copy[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThat(rx.unprotectRtp(copy, 0, n)).isEqualTo(SrtpContext.ERR_AUTH);
            }
            assertThat(rx.authFailures()).isEqualTo(4);
            assertThat(rx.streamCount()).as("no state from forged packets").isZero();
            byte[] control = rtcp(SSRC);
            int m = tx.protectRtcp(control, 0, 28);
            control[12] ^= 0x40;
            assertThat(rx.unprotectRtcp(control, 0, m)).isEqualTo(SrtpContext.ERR_AUTH);
            assertThat(rx.unprotectRtp(packet, 0, n))
                    .as("the genuine packet still passes")
                    .isEqualTo(212);
        }

        @Test
        void replayedPacketsAreRejected() {
            byte[] packet = rtp(5000, SSRC, 100, random);
            int n = tx.protectRtp(packet, 0, 112);
            byte[] copy = packet.clone();
            assertThat(rx.unprotectRtp(packet, 0, n)).isEqualTo(112);
            assertThat(rx.unprotectRtp(copy, 0, n)).isEqualTo(SrtpContext.ERR_REPLAY);
            byte[] control = rtcp(SSRC);
            int m = tx.protectRtcp(control, 0, 28);
            byte[] controlCopy = control.clone();
            assertThat(rx.unprotectRtcp(control, 0, m)).isEqualTo(28);
            assertThat(rx.unprotectRtcp(controlCopy, 0, m)).isEqualTo(SrtpContext.ERR_REPLAY);
            assertThat(rx.replayDrops()).isEqualTo(2);
        }

        @Test
        void rolloverCounterAdvancesAcrossSequenceWrapIncludingReorder() {
            int[] order = {65530, 65531, 65532, 65533, 65535, 0, 65534, 1, 2, 3};
            byte[][] packets = new byte[order.length][];
            int[] lengths = new int[order.length];
            // The sender sends in sequence order; the network reorders 65534 behind 0.
            int[] sendOrder = {65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3};
            java.util.Map<Integer, byte[]> wire = new java.util.HashMap<>();
            java.util.Map<Integer, Integer> wireLength = new java.util.HashMap<>();
            for (int seq : sendOrder) {
                byte[] p = rtp(seq, SSRC, 40, new Random(seq));
                wireLength.put(seq, tx.protectRtp(p, 0, 52));
                wire.put(seq, p);
            }
            assertThat(tx.rolloverCounter(SSRC)).isEqualTo(1);
            for (int i = 0; i < order.length; i++) {
                packets[i] = wire.get(order[i]);
                lengths[i] = wireLength.get(order[i]);
                assertThat(rx.unprotectRtp(packets[i], 0, lengths[i]))
                        .as("seq %d", order[i])
                        .isEqualTo(52);
                byte[] expected = rtp(order[i], SSRC, 40, new Random(order[i]));
                assertThat(Arrays.copyOf(packets[i], 52)).isEqualTo(Arrays.copyOf(expected, 52));
            }
            assertThat(rx.rolloverCounter(SSRC)).isEqualTo(1);
            // A packet from a receiver that assumed the wrong ROC would fail authentication, not decrypt to garbage.
            assertThat(rx.authFailures()).isZero();
        }

        @Test
        void senderRefusesToReuseAnIndexUnlessAllowed() {
            SrtpContext strict = SrtpContext.create(key);
            byte[] a = rtp(10, SSRC, 30, random);
            byte[] b = a.clone();
            assertThat(strict.protectRtp(a, 0, 42)).isPositive();
            assertThat(strict.protectRtp(b, 0, 42)).isEqualTo(SrtpContext.ERR_REPLAY);

            SrtpContext lenient = SrtpContext.create(key, true, 1024, 8);
            byte[] c = rtp(10, SSRC, 30, new Random(1));
            byte[] d = c.clone();
            int n = lenient.protectRtp(c, 0, 42);
            // Retransmitting the identical packet reproduces the identical SRTP packet, even back to back under GCM.
            assertThat(lenient.protectRtp(d, 0, 42)).isEqualTo(n);
            assertThat(Arrays.copyOf(d, n)).isEqualTo(Arrays.copyOf(c, n));
        }

        @Test
        void fanOutFromASharedPayloadEqualsInPlaceProtection() {
            byte[] shared = rtp(77, SSRC, 1188, random);
            byte[] inPlace = shared.clone();
            int n1 = SrtpContext.create(key).protectRtp(inPlace, 0, 1200);
            byte[] viewerBuffer = new byte[1500];
            System.arraycopy(shared, 0, viewerBuffer, 0, 12);
            byte[] before = shared.clone();
            int n2 = SrtpContext.create(key).protectRtp(viewerBuffer, 0, 12, shared, 12, 1188);
            assertThat(n2).isEqualTo(n1);
            assertThat(Arrays.copyOf(viewerBuffer, n2)).isEqualTo(Arrays.copyOf(inPlace, n1));
            assertThat(shared).as("shared payload untouched").isEqualTo(before);
        }
    }

    @Test
    void packetsOlderThanTheReplayWindowAreRejectedButReorderedOnesPass() {
        SrtpMasterKey key = master(SrtpProfile.AEAD_AES_128_GCM);
        SrtpContext tx = SrtpContext.create(key);
        SrtpContext rx = SrtpContext.create(key, false, 64, 4);
        byte[][] sent = new byte[200][];
        int[] lengths = new int[200];
        for (int i = 0; i < 200; i++) {
            sent[i] = rtp(i, SSRC, 50, random);
            lengths[i] = tx.protectRtp(sent[i], 0, 62);
        }
        assertThat(rx.unprotectRtp(sent[150], 0, lengths[150])).isEqualTo(62);
        assertThat(rx.unprotectRtp(sent[120], 0, lengths[120]))
                .as("30 behind: inside")
                .isEqualTo(62);
        assertThat(rx.unprotectRtp(sent[86], 0, lengths[86]))
                .as("64 behind: outside")
                .isEqualTo(SrtpContext.ERR_REPLAY);
        assertThat(rx.unprotectRtp(sent[199], 0, lengths[199])).isEqualTo(62);
        assertThat(rx.unprotectRtp(sent[151], 0, lengths[151])).isEqualTo(62);
    }

    @Test
    void malformedAndTooSmallBuffersAreReportedNotThrown() {
        SrtpContext ctx = SrtpContext.create(master(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] v1 = rtp(1, SSRC, 10, random);
        v1[0] = 0x40;
        assertThat(ctx.protectRtp(v1, 0, 22)).isEqualTo(SrtpContext.ERR_MALFORMED);
        byte[] ext = rtp(1, SSRC, 10, random);
        ext[0] = (byte) 0x90;
        ext[14] = (byte) 0xFF; // extension length far beyond the packet
        assertThat(ctx.protectRtp(ext, 0, 22)).isEqualTo(SrtpContext.ERR_MALFORMED);
        byte[] exact = Arrays.copyOf(rtp(1, SSRC, 10, random), 22);
        assertThat(ctx.protectRtp(exact, 0, 22)).isEqualTo(SrtpContext.ERR_BUFFER);
        assertThat(ctx.unprotectRtp(new byte[15], 0, 15)).isEqualTo(SrtpContext.ERR_MALFORMED);
        assertThat(ctx.unprotectRtcp(new byte[20], 0, 20)).isEqualTo(SrtpContext.ERR_MALFORMED);
        assertThat(ctx.protectRtcp(new byte[4], 0, 4)).isEqualTo(SrtpContext.ERR_MALFORMED);
        assertThat(ctx.malformed()).isEqualTo(5);
        assertThat(ctx.otherFailures()).isEqualTo(1);
    }

    @Test
    void streamStateIsBoundedPerContext() {
        SrtpContext tx = SrtpContext.create(master(SrtpProfile.AEAD_AES_256_GCM), false, 64, 2);
        assertThat(tx.protectRtp(rtp(1, 1, 10, random), 0, 22)).isPositive();
        assertThat(tx.protectRtp(rtp(1, 2, 10, random), 0, 22)).isPositive();
        assertThat(tx.protectRtp(rtp(1, 3, 10, random), 0, 22)).isEqualTo(SrtpContext.ERR_STREAM_LIMIT);
        assertThat(tx.streamCount()).isEqualTo(2);
    }

    @Test
    void keyingMaterialIsSplitClientKeyServerKeyClientSaltServerSalt() {
        SrtpProfile p = SrtpProfile.AEAD_AES_256_GCM;
        byte[] material = new byte[p.keyingMaterialLength()];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) i;
        }
        SrtpClientServerKeys km = SrtpClientServerKeys.split(p, material);
        assertThat(km.client().key()).isEqualTo(Arrays.copyOfRange(material, 0, 32));
        assertThat(km.server().key()).isEqualTo(Arrays.copyOfRange(material, 32, 64));
        assertThat(km.client().salt()).isEqualTo(Arrays.copyOfRange(material, 64, 76));
        assertThat(km.server().salt()).isEqualTo(Arrays.copyOfRange(material, 76, 88));
        assertThat(km.outbound(false)).isSameAs(km.server());
        assertThat(km.inbound(false)).isSameAs(km.client());
        assertThat(km.toString()).doesNotContain("0102");
        assertThatThrownBy(() -> SrtpClientServerKeys.split(p, new byte[10]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SrtpProfile.fromDtlsId(0x0008)).isEqualTo(p);
        assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
        // AES-CM: 16-byte keys, 14-byte salts (RFC 5764 §4.1.2).
        SrtpClientServerKeys cm =
                SrtpClientServerKeys.split(SrtpProfile.AES_CM_128_HMAC_SHA1_80, Arrays.copyOf(material, 60));
        assertThat(cm.server().key()).isEqualTo(Arrays.copyOfRange(material, 16, 32));
        assertThat(cm.client().salt()).isEqualTo(Arrays.copyOfRange(material, 32, 46));
        assertThat(cm.server().salt()).isEqualTo(Arrays.copyOfRange(material, 46, 60));
    }

    @Test
    void serverAndClientContextsFromOneExportTalkToEachOther() {
        SrtpProfile p = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] material = new byte[p.keyingMaterialLength()];
        random.nextBytes(material);
        SrtpClientServerKeys km = SrtpClientServerKeys.split(p, material);
        SrtpContext serverTx = SrtpContext.create(km.outbound(false));
        SrtpContext clientRx = SrtpContext.create(km.inbound(true));
        SrtpContext wrongRx = SrtpContext.create(km.inbound(false));
        byte[] packet = rtp(9, SSRC, 100, random);
        int n = serverTx.protectRtp(packet, 0, 112);
        assertThat(wrongRx.unprotectRtp(packet.clone(), 0, n)).isEqualTo(SrtpContext.ERR_AUTH);
        assertThat(clientRx.unprotectRtp(packet, 0, n)).isEqualTo(112);
    }
}
