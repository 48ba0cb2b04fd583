package io.zonecam.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Known-answer tests from the RFCs (and libsrtp's reference packet), each named after its source. */
class SrtpTestVectorsTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static String hex(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }

    /** Copies a packet into a buffer with room for the SRTP/SRTCP trailer. */
    static byte[] roomy(byte[] packet) {
        return Arrays.copyOf(packet, packet.length + 64);
    }

    @Nested
    class Rfc3711 {

        static final byte[] MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        static final byte[] MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");

        @Test
        void appendixB2AesCmKeystreamStartAndEnd() {
            byte[] sessionKey = hex("2B7E151628AED2A6ABF7158809CF4F3C");
            byte[] sessionSalt = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
            SrtpContext ctx = SrtpContext.fromSessionKeys(
                    SrtpProfile.AES_CM_128_HMAC_SHA1_80, sessionKey, sessionSalt, new byte[20]);
            // SSRC 0, ROC 0, SEQ 0: encrypting zeros yields the keystream itself (1044512 octets in the RFC).
            int segment = 1_044_512;
            byte[] packet = new byte[12 + segment + 10];
            packet[0] = (byte) 0x80;
            int n = ctx.protectRtp(packet, 0, 12 + segment);
            assertThat(n).isEqualTo(12 + segment + 10);
            assertThat(hex(packet, 12, 48))
                    .isEqualToIgnoringCase("E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB"
                            + "41E95B3BB0A2E8DD477901E4FCA894C0");
            assertThat(hex(packet, 12 + segment - 48, 48))
                    .isEqualToIgnoringCase("EC8CDF7398607CB0F2D21675EA9EA1E4" + "362B7C3C6773516318A077D7FC5073AE"
                            + "6A2CC3787889374FBEB4C81B17BA6C44");
        }

        @Test
        void appendixB3KeyDerivation() {
            assertThat(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16))
                    .isEqualTo(hex("C61E7A93744F39EE10734AFE3FF7A087"));
            assertThat(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_SALT, 14))
                    .isEqualTo(hex("30CBBC08863D8C85D49DB34A9AE1"));
            assertThat(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_AUTH, 94))
                    .isEqualTo(hex("""
                            CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE
                            E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25
                            6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"""));
        }

        @Test
        void libsrtpReferencePacketForAesCm128HmacSha1_80() {
            // libsrtp test/srtp_driver.c srtp_validate(): the B.3 master key, SSRC 0xcafebabe, seq 0x1234.
            SrtpMasterKey master = new SrtpMasterKey(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
            byte[] rtp = hex("800f1234decafbadcafebabe" + "ab".repeat(16));
            byte[] srtp = hex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
            byte[] buf = roomy(rtp);
            assertThat(SrtpContext.create(master).protectRtp(buf, 0, rtp.length))
                    .isEqualTo(srtp.length);
            assertThat(Arrays.copyOf(buf, srtp.length)).isEqualTo(srtp);
            byte[] in = srtp.clone();
            assertThat(SrtpContext.create(master).unprotectRtp(in, 0, in.length))
                    .isEqualTo(rtp.length);
            assertThat(Arrays.copyOf(in, rtp.length)).isEqualTo(rtp);
        }

        @Test
        void libsrtpReferenceSrtcpPacketWithIndexOne() {
            SrtpMasterKey master = new SrtpMasterKey(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
            byte[] rtcp = hex("81c8000bcafebabe" + "ab".repeat(16));
            byte[] srtcp = hex("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");
            byte[] in = srtcp.clone();
            assertThat(SrtpContext.create(master).unprotectRtcp(in, 0, in.length))
                    .isEqualTo(rtcp.length);
            assertThat(Arrays.copyOf(in, rtcp.length)).isEqualTo(rtcp);
            // libsrtp numbers its first SRTCP packet 1; RFC 3711 §3.4 starts at 0, so set the index explicitly.
            SrtpContext sender = SrtpContext.create(master);
            sender.setNextSrtcpIndex(0xcafebabe, 1);
            byte[] buf = roomy(rtcp);
            assertThat(sender.protectRtcp(buf, 0, rtcp.length)).isEqualTo(srtcp.length);
            assertThat(Arrays.copyOf(buf, srtcp.length)).isEqualTo(srtcp);
        }
    }

    @Nested
    class Rfc6188 {

        @Test
        void section7_2Aes256CmPrfKeyDerivation() {
            byte[] key = hex("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6");
            byte[] salt = hex("3b04803de51ee7c96423ab5b78d2");
            assertThat(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 32))
                    .isEqualTo(hex("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4"));
            assertThat(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_SALT, 14))
                    .isEqualTo(hex("fa31791685ca444a9e07c6c64e93"));
            assertThat(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_AUTH, 20))
                    .isEqualTo(hex("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05"));
        }
    }

    @Nested
    class Rfc7714 {

        static final byte[] KEY_128 = hex("000102030405060708090a0b0c0d0e0f");
        static final byte[] KEY_256 = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        static final byte[] SALT = hex("517569642070726f2071756f"); // "Quid pro quo"
        /** SSRC 0x5501a0b2, seq 0xf17b, payload "Gallia est omnis divisa in partes tres". */
        static final byte[] RTP = hex("8040f17b8041f8d35501a0b2"
                + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
        /** SSRC "Mars"; §17 protects it with SRTCP index 0x5d4. */
        static final byte[] RTCP = hex("81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61"
                + "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");

        static final int MARS = 0x4d617273;

        void checkRtp(SrtpProfile profile, byte[] key, String expected) {
            byte[] buf = roomy(RTP);
            int n = SrtpContext.fromSessionKeys(profile, key, SALT, null).protectRtp(buf, 0, RTP.length);
            assertThat(hex(buf, 0, n)).isEqualTo(expected);
            byte[] in = hex(expected);
            assertThat(SrtpContext.fromSessionKeys(profile, key, SALT, null).unprotectRtp(in, 0, in.length))
                    .isEqualTo(RTP.length);
            assertThat(Arrays.copyOf(in, RTP.length)).isEqualTo(RTP);
        }

        void checkRtcp(SrtpProfile profile, byte[] key, String expected) {
            byte[] in = hex(expected);
            assertThat(SrtpContext.fromSessionKeys(profile, key, SALT, null).unprotectRtcp(in, 0, in.length))
                    .isEqualTo(RTCP.length);
            assertThat(Arrays.copyOf(in, RTCP.length)).isEqualTo(RTCP);
            SrtpContext sender = SrtpContext.fromSessionKeys(profile, key, SALT, null);
            sender.setNextSrtcpIndex(MARS, 0x5d4);
            byte[] buf = roomy(RTCP);
            int n = sender.protectRtcp(buf, 0, RTCP.length);
            assertThat(hex(buf, 0, n)).isEqualTo(expected);
        }

        @Test
        void section16_1AeadAes128GcmSrtp() {
            checkRtp(
                    SrtpProfile.AEAD_AES_128_GCM,
                    KEY_128,
                    "8040f17b8041f8d35501a0b2"
                            + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
                            + "899d7f27beb16a9152cf765ee4390cce");
        }

        @Test
        void section16_2AeadAes256GcmSrtp() {
            checkRtp(
                    SrtpProfile.AEAD_AES_256_GCM,
                    KEY_256,
                    "8040f17b8041f8d35501a0b2"
                            + "32b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b"
                            + "7aa3db36dfffd6b0f9bb7878d7a76c13");
        }

        @Test
        void section17_1AeadAes128GcmSrtcp() {
            checkRtcp(
                    SrtpProfile.AEAD_AES_128_GCM,
                    KEY_128,
                    "81c8000d4d617273"
                            + "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa458"
                            + "96cf4d2fc5abf87245d9eade" + "800005d4");
        }

        @Test
        void section17_2AeadAes256GcmSrtcp() {
            checkRtcp(
                    SrtpProfile.AEAD_AES_256_GCM,
                    KEY_256,
                    "81c8000d4d617273"
                            + "d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c"
                            + "4446839f57ff6f6cb26ac3be" + "800005d4");
        }

        @Test
        void section17_3UnencryptedSrtcpIsAuthenticatedOnly() {
            byte[] in = hex(HexFormat.of().formatHex(RTCP) + "841dd9683dd78ec92ae58790125f62b3" + "000005d4");
            int n = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, KEY_128, SALT, null)
                    .unprotectRtcp(in, 0, in.length);
            assertThat(n).isEqualTo(RTCP.length);
            assertThat(Arrays.copyOf(in, n)).isEqualTo(RTCP);
            in[10] ^= 1;
            SrtpContext fresh = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, KEY_128, SALT, null);
            assertThat(fresh.unprotectRtcp(in, 0, in.length)).isEqualTo(SrtpContext.ERR_AUTH);
        }

        @Test
        void section16_1MatchesAPlainJdkGcmComputationWithTheRfcIv() throws Exception {
            // §8.1: IV = (00 00 || SSRC || ROC || SEQ) xor salt, stated in the RFC as 51753c6580c2726f20718414.
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(KEY_128, "AES"),
                    new GCMParameterSpec(128, hex("51753c6580c2726f20718414")));
            gcm.updateAAD(RTP, 0, 12);
            byte[] sealed = gcm.doFinal(RTP, 12, RTP.length - 12);
            byte[] buf = roomy(RTP);
            int n = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, KEY_128, SALT, null)
                    .protectRtp(buf, 0, RTP.length);
            assertThat(Arrays.copyOfRange(buf, 12, n)).isEqualTo(sealed);
        }
    }

    @Nested
    class CrossCheck {

        /** Seals with BouncyCastle's own GCM (not the JDK's) and an IV computed here from RFC 7714 §8.1. */
        static byte[] bouncyCastleSeal(byte[] key, byte[] salt, byte[] packet, int headerLength, long roc) {
            byte[] iv = new byte[12];
            System.arraycopy(packet, 8, iv, 2, 4); // SSRC
            iv[6] = (byte) (roc >>> 24);
            iv[7] = (byte) (roc >>> 16);
            iv[8] = (byte) (roc >>> 8);
            iv[9] = (byte) roc;
            iv[10] = packet[2]; // SEQ
            iv[11] = packet[3];
            for (int i = 0; i < 12; i++) {
                iv[i] ^= salt[i];
            }
            GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
            gcm.init(true, new AEADParameters(new KeyParameter(key), 128, iv, Arrays.copyOf(packet, headerLength)));
            byte[] out = new byte[gcm.getOutputSize(packet.length - headerLength)];
            int n = gcm.processBytes(packet, headerLength, packet.length - headerLength, out, 0);
            try {
                gcm.doFinal(out, n);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            byte[] all = Arrays.copyOf(packet, headerLength + out.length);
            System.arraycopy(out, 0, all, headerLength, out.length);
            return all;
        }

        @Test
        void aesGcmAgreesWithBouncyCastleAcrossKeySizesHeadersAndRollover() {
            java.util.Random r = new java.util.Random(3);
            for (SrtpProfile p : new SrtpProfile[] {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM}) {
                byte[] key = new byte[p.keyLength()];
                byte[] salt = new byte[12];
                r.nextBytes(key);
                r.nextBytes(salt);
                SrtpContext ctx = SrtpContext.fromSessionKeys(p, key, salt, null);
                int seq = 65500;
                long roc = 0;
                for (int i = 0; i < 100; i++) {
                    // Header with two CSRCs and a one-word extension: all of it is AAD.
                    byte[] packet = new byte[12 + 8 + 8 + r.nextInt(1200)];
                    r.nextBytes(packet);
                    packet[0] = (byte) 0x92;
                    packet[20] = (byte) 0xBE;
                    packet[21] = (byte) 0xDE;
                    packet[22] = 0;
                    packet[23] = 1;
                    packet[2] = (byte) (seq >>> 8);
                    packet[3] = (byte) seq;
                    System.arraycopy(hex("11223344"), 0, packet, 8, 4);
                    byte[] expected = bouncyCastleSeal(key, salt, packet, 28, roc);
                    byte[] buf = roomy(packet);
                    int n = ctx.protectRtp(buf, 0, packet.length);
                    assertThat(Arrays.copyOf(buf, n)).isEqualTo(expected);
                    seq = (seq + 1) & 0xFFFF;
                    if (seq == 0) {
                        roc++;
                    }
                }
                assertThat(roc).isEqualTo(1);
            }
        }
    }
}
