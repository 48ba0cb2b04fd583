package io.zonecam.webrtc.srtp;

/** Bytes reads, writes and XORs big-endian fields and compares tags in constant time. */
final class Bytes {

    private Bytes() {}

    static int readShort(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static void writeInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    /** XORs the big-endian {@code v} into {@code b[p, p + 4)} (an SSRC or SRTCP index into an IV). */
    static void xorInt(byte[] b, int p, int v) {
        b[p] ^= (byte) (v >>> 24);
        b[p + 1] ^= (byte) (v >>> 16);
        b[p + 2] ^= (byte) (v >>> 8);
        b[p + 3] ^= (byte) v;
    }

    /** XORs the low 48 bits of {@code v}, big-endian, into {@code b[p, p + 6)} (a packet index into an IV). */
    static void xorLow48(byte[] b, int p, long v) {
        xorInt(b, p, (int) (v >>> 16));
        b[p + 4] ^= (byte) (v >>> 8);
        b[p + 5] ^= (byte) v;
    }

    /** Whether {@code a[0, length)} equals {@code b[bOffset, bOffset + length)}, in time independent of the bytes. */
    static boolean constantTimeEquals(byte[] a, byte[] b, int bOffset, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[i] ^ b[bOffset + i];
        }
        return diff == 0;
    }
}
