package io.zonecam.webrtc.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StunMessageTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

    /** RFC 5769 §2.1 Sample Request (SOFTWARE and USERNAME padded with spaces, as the RFC allows). */
    static final byte[] RFC5769_2_1_REQUEST = hex("""
            00 01 00 58  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae
            80 22 00 10  53 54 55 4e  20 74 65 73  74 20 63 6c  69 65 6e 74
            00 24 00 04  6e 00 01 ff
            80 29 00 08  93 2f f9 b1  51 26 3b 36
            00 06 00 09  65 76 74 6a  3a 68 36 76  59 20 20 20
            00 08 00 14  9a ea a7 0c  bf d8 cb 56  78 1e f2 b5  b2 d3 f2 49  c1 b5 71 a2
            80 28 00 04  e5 7a 3b cf""");

    /** RFC 5769 §2.2 Sample IPv4 Response: 192.0.2.1:32853. */
    static final byte[] RFC5769_2_2_IPV4_RESPONSE = hex("""
            01 01 00 3c  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae
            80 22 00 0b  74 65 73 74  20 76 65 63  74 6f 72 20
            00 20 00 08  00 01 a1 47  e1 12 a6 43
            00 08 00 14  2b 91 f5 99  fd 9e 90 c3  8c 74 89 f9  2a f9 ba 53  f0 6b e7 d7
            80 28 00 04  c0 7d 4c 96""");

    /** RFC 5769 §2.3 Sample IPv6 Response: [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
    static final byte[] RFC5769_2_3_IPV6_RESPONSE = hex("""
            01 01 00 48  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae
            80 22 00 0b  74 65 73 74  20 76 65 63  74 6f 72 20
            00 20 00 14  00 02 a1 47  01 13 a9 fa  a5 d3 f1 79  bc 25 f4 b5  be d2 b9 d9
            00 08 00 14  a3 82 95 4e  4b e6 7b f1  17 84 c9 7c  82 92 c2 75  bf e3 ed 41
            80 28 00 04  c8 fb 0b 4c""");

    /** RFC 5769 §2.4 Sample Request with Long-Term Authentication (no FINGERPRINT). */
    static final byte[] RFC5769_2_4_LONG_TERM_REQUEST = hex("""
            00 01 00 60  21 12 a4 42  78 ad 34 33  c6 ad 72 c0  29 da 41 2e
            00 06 00 12  e3 83 9e e3  83 88 e3 83  aa e3 83 83  e3 82 af e3  82 b9 00 00
            00 15 00 1c  66 2f 2f 34  39 39 6b 39  35 34 64 36  4f 4c 33 34  6f 4c 39 46  53 54 76 79  36 34 73 41
            00 14 00 0b  65 78 61 6d  70 6c 65 2e  6f 72 67 00
            00 08 00 14  f6 70 24 65  6d d6 4a 3e  02 b8 e0 71  2e 85 c9 a2  8c a8 96 66""");

    static final String MATRIX_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";

    static StunMessage parse(byte[] b) throws StunException {
        return StunMessage.parse(b, 0, b.length);
    }

    /** Whether {@code m}'s MESSAGE-INTEGRITY verifies with the RFC 5769 short-term password. */
    static boolean integrityHolds(StunMessage m) {
        return m.verifyMessageIntegrity(StunIntegrity.shortTermKey(PASSWORD));
    }

    /** Asserts that {@code m}'s FINGERPRINT and MESSAGE-INTEGRITY (RFC 5769 short-term password) both verify. */
    static void assertFingerprintAndIntegrityVerify(StunMessage m) {
        assertThat(m.verifyFingerprint()).as("fingerprint").isTrue();
        assertThat(integrityHolds(m)).as("message integrity").isTrue();
    }

    @Nested
    class Rfc5769 {

        @Test
        void section2_1SampleRequestParsesAndVerifies() throws Exception {
            StunMessage m = parse(RFC5769_2_1_REQUEST);
            assertThat(m.messageType()).isEqualTo(Stun.BINDING_REQUEST);
            assertThat(m.method()).isEqualTo(Stun.METHOD_BINDING);
            assertThat(m.messageClass()).isEqualTo(StunClass.REQUEST);
            assertThat(m.transactionId()).isEqualTo(hex("b7e7a701bc34d686fa87dfae"));
            assertThat(m.username()).isEqualTo("evtj:h6vY");
            assertThat(m.priority()).isEqualTo(0x6e0001ffL);
            assertThat(m.iceControlled()).isTrue();
            assertThat(m.iceControlling()).isFalse();
            assertThat(m.tieBreaker()).isEqualTo(0x932ff9b151263b36L);
            assertThat(m.useCandidate()).isFalse();
            int software = m.findAttribute(Stun.ATTR_SOFTWARE);
            assertThat(new String(
                            m.buffer(),
                            m.attributeValueOffset(software),
                            m.attributeValueLength(software),
                            StandardCharsets.UTF_8))
                    .isEqualTo("STUN test client");
            assertFingerprintAndIntegrityVerify(m);
            assertThat(m.unknownComprehensionRequired()).isEmpty();
        }

        @Test
        void section2_2Ipv4ResponseDecodesXorMappedAddress() throws Exception {
            StunMessage m = parse(RFC5769_2_2_IPV4_RESPONSE);
            assertThat(m.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            assertThat(m.xorMappedAddress())
                    .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
            assertFingerprintAndIntegrityVerify(m);
        }

        @Test
        void section2_3Ipv6ResponseDecodesXorMappedAddress() throws Exception {
            StunMessage m = parse(RFC5769_2_3_IPV6_RESPONSE);
            assertThat(m.xorMappedAddress())
                    .isEqualTo(new InetSocketAddress(
                            InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
            assertFingerprintAndIntegrityVerify(m);
        }

        @Test
        void section2_4LongTermCredentialRequestVerifiesWithMd5Key() throws Exception {
            StunMessage m = parse(RFC5769_2_4_LONG_TERM_REQUEST);
            assertThat(m.username()).isEqualTo(MATRIX_USERNAME);
            assertThat(m.hasFingerprint()).isFalse();
            assertThat(m.verifyFingerprint()).isFalse();
            // The password "TheMatrIX" is the SASLprep output of "The\u00ADM\u00AAtr\u2168" (RFC 5769 §2.4).
            byte[] key = StunIntegrity.longTermKey(MATRIX_USERNAME, "example.org", "TheMatrIX");
            assertThat(m.verifyMessageIntegrity(key)).isTrue();
            assertThat(m.verifyMessageIntegrity(StunIntegrity.longTermKey(MATRIX_USERNAME, "example.org", "wrong")))
                    .isFalse();
        }

        @Test
        void section2_4IsReproducedByteForByteByTheWriter() {
            byte[] out = new byte[200];
            byte[] key = StunIntegrity.longTermKey(MATRIX_USERNAME, "example.org", "TheMatrIX");
            int n = new StunMessageWriter(out, 0, out.length)
                    .header(Stun.BINDING_REQUEST, hex("78ad3433c6ad72c029da412e"))
                    .addString(Stun.ATTR_USERNAME, MATRIX_USERNAME)
                    .addString(Stun.ATTR_NONCE, "f//499k954d6OL34oL9FSTvy64sA")
                    .addString(Stun.ATTR_REALM, "example.org")
                    .addMessageIntegrity(key)
                    .length();
            assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(RFC5769_2_4_LONG_TERM_REQUEST);
        }

        @Test
        void section2_2MappedAddressEncodesToTheRfcBytes() throws Exception {
            byte[] out = new byte[100];
            int n = new StunMessageWriter(out, 0, out.length)
                    .header(Stun.BINDING_SUCCESS_RESPONSE, hex("b7e7a701bc34d686fa87dfae"))
                    .addXorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
                    .length();
            assertThat(java.util.Arrays.copyOfRange(out, 20, n)).isEqualTo(hex("0020 0008 0001 a147 e112a643"));
        }
    }

    @Nested
    class Tampering {

        @Test
        void aFlippedBitFailsIntegrityAndFingerprint() throws Exception {
            byte[] b = RFC5769_2_1_REQUEST.clone();
            b[53] ^= 0x01; // inside the ICE-CONTROLLED tie-breaker (value at 52..59)
            StunMessage m = parse(b);
            assertThat(integrityHolds(m)).isFalse();
            assertThat(m.verifyFingerprint()).isFalse();
        }

        @Test
        void aWrongPasswordFailsIntegrity() throws Exception {
            StunMessage m = parse(RFC5769_2_1_REQUEST);
            assertThat(m.verifyMessageIntegrity(StunIntegrity.shortTermKey("VOkJxbRl1RmTxUk/WvJxBu")))
                    .isFalse();
            assertThat(m.verifyMessageIntegrity(null)).isFalse();
            assertThat(m.verifyMessageIntegrity(new byte[0])).isFalse();
        }

        @Test
        void aFlippedHmacByteFailsIntegrityButParses() throws Exception {
            byte[] b = RFC5769_2_1_REQUEST.clone();
            b[b.length - 9] ^= (byte) 0x80; // last HMAC byte
            StunMessage m = parse(b);
            assertThat(integrityHolds(m)).isFalse();
        }
    }

    @Nested
    class StrictParsing {

        @Test
        void rejectsShortDatagramsWrongCookieAndTopBits() {
            assertThatThrownBy(() -> StunMessage.parse(new byte[19], 0, 19)).isInstanceOf(StunException.class);
            byte[] b = RFC5769_2_1_REQUEST.clone();
            b[4] = 0;
            assertThatThrownBy(() -> parse(b)).isInstanceOf(StunException.class);
            byte[] c = RFC5769_2_1_REQUEST.clone();
            c[0] = (byte) 0x40;
            assertThatThrownBy(() -> parse(c)).isInstanceOf(StunException.class);
        }

        @Test
        void rejectsLengthThatDisagreesWithTheDatagram() {
            byte[] b = RFC5769_2_1_REQUEST.clone();
            assertThatThrownBy(() -> StunMessage.parse(b, 0, b.length - 4)).isInstanceOf(StunException.class);
            b[3] = 0x59; // not a multiple of 4
            assertThatThrownBy(() -> parse(b)).isInstanceOf(StunException.class);
        }

        @Test
        void rejectsAnAttributeThatOverrunsTheMessage() {
            byte[] b = hex("0001 0008 2112a442 000000000000000000000000 0006 0009 41424344");
            assertThatThrownBy(() -> parse(b)).hasMessageContaining("overruns");
        }

        @Test
        void rejectsAttributesAfterFingerprint() {
            byte[] b = hex("0001 000c 2112a442 000000000000000000000000 8028 0004 00000000 0025 0000");
            assertThatThrownBy(() -> parse(b)).hasMessageContaining("after FINGERPRINT");
        }

        @Test
        void rejectsIntegrityAndFingerprintOfTheWrongLength() {
            byte[] mi = hex("0001 0008 2112a442 000000000000000000000000 0008 0004 00000000");
            assertThatThrownBy(() -> parse(mi)).hasMessageContaining("MESSAGE-INTEGRITY");
            byte[] fp = hex("0001 0008 2112a442 000000000000000000000000 8028 0002 00000000");
            assertThatThrownBy(() -> parse(fp)).hasMessageContaining("FINGERPRINT");
        }

        @Test
        void rejectsMoreAttributesThanTheBound() {
            int n = StunMessage.MAX_ATTRIBUTES + 1;
            byte[] b = new byte[20 + 4 * n];
            b[1] = 1;
            b[2] = (byte) ((4 * n) >> 8);
            b[3] = (byte) (4 * n);
            System.arraycopy(hex("2112a442"), 0, b, 4, 4);
            for (int i = 0; i < n; i++) {
                b[20 + 4 * i] = (byte) 0x80;
                b[21 + 4 * i] = (byte) 0x99;
            }
            assertThatThrownBy(() -> parse(b)).hasMessageContaining("too many");
        }

        @Test
        void ignoresAttributesBetweenIntegrityAndFingerprint() throws Exception {
            byte[] out = new byte[200];
            StunMessageWriter w = new StunMessageWriter(out, 0, out.length)
                    .header(Stun.BINDING_REQUEST, new byte[12])
                    .addString(Stun.ATTR_USERNAME, "abcd:efgh")
                    .addMessageIntegrity("password-password-pass".getBytes(StandardCharsets.US_ASCII))
                    .addUInt32(Stun.ATTR_PRIORITY, 7)
                    .addFingerprint();
            StunMessage m = StunMessage.parse(out, 0, w.length());
            assertThat(m.priority())
                    .as("PRIORITY after MESSAGE-INTEGRITY is ignored")
                    .isEqualTo(-1);
            assertThat(m.verifyFingerprint()).isTrue();
            assertThat(m.verifyMessageIntegrity("password-password-pass".getBytes(StandardCharsets.US_ASCII)))
                    .isTrue();
        }

        @Test
        void listsUnknownComprehensionRequiredAttributesOnly() throws Exception {
            byte[] b = hex("0001 0010 2112a442 000000000000000000000000 0777 0000 c057 0004 00010002 0025 0000");
            b[3] = 16;
            StunMessage m = parse(b);
            assertThat(m.unknownComprehensionRequired()).containsExactly(0x0777);
            assertThat(m.useCandidate()).isTrue();
        }
    }

    @Nested
    class Writer {

        @Test
        void bindingResponseRoundTripsWithIpv4AndIpv6() throws Exception {
            byte[] key = StunIntegrity.shortTermKey("aaaaaaaaaaaaaaaaaaaaaaaa");
            for (String ip : new String[] {"203.0.113.9", "2001:db8::7"}) {
                InetSocketAddress addr = new InetSocketAddress(InetAddress.getByName(ip), 61000);
                byte[] txid = hex("0102030405060708090a0b0c");
                byte[] out = new byte[128];
                int n = new StunMessageWriter(out, 8, 120)
                        .header(Stun.BINDING_SUCCESS_RESPONSE, txid)
                        .addXorMappedAddress(addr)
                        .addMessageIntegrity(key)
                        .addFingerprint()
                        .length();
                StunMessage m = StunMessage.parse(out, 8, n);
                assertThat(m.messageType()).isEqualTo(Stun.BINDING_SUCCESS_RESPONSE);
                assertThat(m.transactionId()).isEqualTo(txid);
                assertThat(m.xorMappedAddress()).isEqualTo(addr);
                assertThat(m.verifyMessageIntegrity(key)).isTrue();
                assertThat(m.verifyFingerprint()).isTrue();
            }
        }

        @Test
        void errorCodeRoundTrips() throws Exception {
            byte[] out = new byte[128];
            int n = new StunMessageWriter(out, 0, out.length)
                    .header(Stun.BINDING_ERROR_RESPONSE, new byte[12])
                    .addErrorCode(401, "Unauthenticated")
                    .addFingerprint()
                    .length();
            StunMessage m = StunMessage.parse(out, 0, n);
            assertThat(m.messageClass()).isEqualTo(StunClass.ERROR_RESPONSE);
            assertThat(m.errorCode()).isEqualTo(401);
            assertThat(m.errorReason()).isEqualTo("Unauthenticated");
        }

        @Test
        void messageTypesInterleaveClassBitsPerRfc8489Section5() {
            assertThat(Stun.messageType(Stun.METHOD_BINDING, StunClass.REQUEST)).isEqualTo(0x0001);
            assertThat(Stun.messageType(Stun.METHOD_BINDING, StunClass.INDICATION))
                    .isEqualTo(0x0011);
            assertThat(Stun.messageType(Stun.METHOD_BINDING, StunClass.SUCCESS_RESPONSE))
                    .isEqualTo(0x0101);
            assertThat(Stun.messageType(Stun.METHOD_BINDING, StunClass.ERROR_RESPONSE))
                    .isEqualTo(0x0111);
            for (int method = 0; method < 0x1000; method += 7) {
                for (StunClass c : StunClass.values()) {
                    int type = Stun.messageType(method, c);
                    assertThat(Stun.methodOf(type)).isEqualTo(method);
                    assertThat(Stun.classOf(type)).isEqualTo(c);
                }
            }
        }

        @Test
        void writerRefusesToOverrunItsBuffer() {
            byte[] out = new byte[30];
            StunMessageWriter w = new StunMessageWriter(out, 0, out.length).header(Stun.BINDING_REQUEST, new byte[12]);
            assertThatThrownBy(() -> w.addMessageIntegrity(new byte[] {1}))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
