package io.zonecam.webrtc.dtls;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzzes {@link DtlsRecordScreen}, the check that stands between the UDP socket and BouncyCastle's DTLS reassembler.
 * It must never throw for any in-bounds slice, and what it accepts must really be what RFC 6347 §4.1/§4.2.2 framing
 * allows under the limit: records of the four content types and DTLS 1.0/1.2 that tile the datagram exactly, and
 * plaintext handshake fragments inside their message and under the message-length limit (the allocation BouncyCastle
 * would make). Metamorphic checks: the answer does not depend on where the slice sits in its array, a larger limit
 * never rejects what a smaller one accepted, two accepted datagrams concatenated are accepted, and an accepted
 * datagram without its last byte is not.
 */
class DtlsRecordScreenFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void screenAcceptsOnlyWellFramedRecordsUnderTheLimit(FuzzedDataProvider data) {
        int limit = data.consumeInt(0, 1 << 17);
        int pad = data.consumeInt(0, 16);
        byte[] first = records(data);
        byte[] second = records(data);

        boolean accepted = check(first, pad, limit);
        boolean secondAccepted = check(second, 0, limit);

        if (accepted
                && limit < Integer.MAX_VALUE / 2
                && !DtlsRecordScreen.acceptable(first, 0, first.length, limit * 2)) {
            throw new AssertionError("a larger handshake limit rejects what a smaller one accepted");
        }
        if (accepted && secondAccepted) {
            byte[] both = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            if (!DtlsRecordScreen.acceptable(both, 0, both.length, limit)) {
                throw new AssertionError("two acceptable datagrams are not acceptable together");
            }
        }
        if (accepted && DtlsRecordScreen.acceptable(first, 0, first.length - 1, limit)) {
            throw new AssertionError("an accepted datagram is still accepted without its last byte");
        }
    }

    /** Screens the bytes placed at {@code pad} inside a larger array of junk; compares with the reference reading. */
    private static boolean check(byte[] d, int pad, int limit) {
        byte[] placed = new byte[pad + d.length + pad];
        Arrays.fill(placed, (byte) 0x16);
        System.arraycopy(d, 0, placed, pad, d.length);
        boolean answer = DtlsRecordScreen.acceptable(placed, pad, d.length, limit);
        if (answer != DtlsRecordScreen.acceptable(d, 0, d.length, limit)) {
            throw new AssertionError("the answer depends on the slice's position in its array");
        }
        boolean expected = Reference.acceptable(d, limit);
        if (answer != expected) {
            throw new AssertionError("screen says " + answer + ", RFC 6347 framing says " + expected);
        }
        return answer;
    }

    /** Mostly well-formed records (so the fuzzer reaches the handshake checks), sometimes raw bytes. */
    private static byte[] records(FuzzedDataProvider data) {
        if (data.consumeInt(0, 5) == 0) {
            return data.consumeBytes(data.consumeInt(0, 64));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n = data.consumeInt(1, 3);
        for (int i = 0; i < n; i++) {
            byte[] body = data.consumeBoolean() ? handshakes(data) : data.consumeBytes(data.consumeInt(0, 40));
            int type = data.consumeBoolean() ? 22 : data.consumeInt(19, 24);
            int length = data.consumeInt(0, 9) == 0 ? data.consumeInt(0, 0xFFFF) : body.length;
            out.write(type);
            out.write(0xFE);
            out.write(data.consumeBoolean() ? 0xFD : data.consumeBoolean() ? 0xFF : data.consumeInt(0, 255));
            int epoch = data.consumeInt(0, 3) == 0 ? data.consumeInt(0, 2) : 0;
            out.write(epoch >>> 8);
            out.write(epoch);
            out.writeBytes(new byte[6]);
            out.write(length >>> 8);
            out.write(length);
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static byte[] handshakes(FuzzedDataProvider data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n = data.consumeInt(1, 3);
        for (int i = 0; i < n; i++) {
            int messageLength = data.consumeInt(0, (1 << 24) - 1);
            int fragmentOffset = data.consumeBoolean() ? 0 : data.consumeInt(0, (1 << 24) - 1);
            byte[] fragment = data.consumeBytes(data.consumeInt(0, 32));
            int fragmentLength = data.consumeInt(0, 9) == 0 ? data.consumeInt(0, (1 << 24) - 1) : fragment.length;
            out.write(data.consumeInt(0, 20));
            u24(out, messageLength);
            out.write(0);
            out.write(i);
            u24(out, fragmentOffset);
            u24(out, fragmentLength);
            out.writeBytes(fragment);
        }
        return out.toByteArray();
    }

    private static void u24(java.io.ByteArrayOutputStream out, int v) {
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /** The framing rules read straight from RFC 6347, record by record, with longs (no overflow). */
    private static final class Reference {
        static boolean acceptable(byte[] d, int limit) {
            if (d.length < 13) {
                return false;
            }
            int p = 0;
            while (p != d.length) {
                if (d.length - p < 13) {
                    return false;
                }
                int type = d[p] & 0xFF;
                int major = d[p + 1] & 0xFF;
                int minor = d[p + 2] & 0xFF;
                long epoch = (d[p + 3] & 0xFF) * 256L + (d[p + 4] & 0xFF);
                long length = (d[p + 11] & 0xFF) * 256L + (d[p + 12] & 0xFF);
                boolean known = type == 20 || type == 21 || type == 22 || type == 23;
                boolean version = major == 0xFE && (minor == 0xFF || minor == 0xFD);
                if (!known || !version || length > 16384 + 2048 || p + 13 + length > d.length) {
                    return false;
                }
                if (type == 22 && epoch == 0 && !handshake(d, p + 13, (int) length, limit)) {
                    return false;
                }
                p += 13 + (int) length;
            }
            return true;
        }

        private static boolean handshake(byte[] d, int from, int length, int limit) {
            if (length == 0) {
                return false;
            }
            long p = from;
            long end = from + (long) length;
            while (p != end) {
                if (end - p < 12) {
                    return false;
                }
                long messageLength = u24(d, (int) p + 1);
                long fragmentOffset = u24(d, (int) p + 6);
                long fragmentLength = u24(d, (int) p + 9);
                if (messageLength > limit
                        || fragmentOffset + fragmentLength > messageLength
                        || p + 12 + fragmentLength > end) {
                    return false;
                }
                p += 12 + fragmentLength;
            }
            return true;
        }

        private static long u24(byte[] d, int p) {
            return (d[p] & 0xFFL) << 16 | (d[p + 1] & 0xFFL) << 8 | (d[p + 2] & 0xFFL);
        }
    }
}
