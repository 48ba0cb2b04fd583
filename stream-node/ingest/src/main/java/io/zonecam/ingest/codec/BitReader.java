package io.zonecam.ingest.codec;

/**
 * BitReader reads bits and Exp-Golomb codes (ITU-T H.264 §9.1) from an RBSP, i.e. a NAL unit payload with the
 * emulation prevention bytes already removed.
 */
final class BitReader {
    private final byte[] data;
    private final long bitEnd;
    private long bit;

    BitReader(byte[] data) {
        this.data = data;
        this.bitEnd = (long) data.length * 8;
    }

    int u(int n) {
        if (n > 32 || bit + n > bitEnd) {
            throw new IllegalArgumentException("read past the end of the RBSP");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            int b = (data[(int) (bit >>> 3)] >> (7 - (int) (bit & 7))) & 1;
            v = (v << 1) | b;
            bit++;
        }
        return (int) v;
    }

    boolean flag() {
        return u(1) == 1;
    }

    void skip(long n) {
        if (bit + n > bitEnd) {
            throw new IllegalArgumentException("skip past the end of the RBSP");
        }
        bit += n;
    }

    /** ue(v); values above 2^31-2 are refused, which no field we read may legally hold. */
    int ue() {
        int zeros = 0;
        while (u(1) == 0) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("Exp-Golomb code too long");
            }
        }
        long v = (1L << zeros) - 1 + (zeros == 0 ? 0 : (u(zeros) & 0xFFFFFFFFL));
        if (v > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("Exp-Golomb value too large");
        }
        return (int) v;
    }

    int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /** Removes emulation prevention bytes (0x000003 → 0x0000, H.264 §7.4.1) from a NAL unit. */
    static byte[] rbsp(byte[] nal, int from) {
        byte[] out = new byte[Math.max(0, nal.length - from)];
        int o = 0;
        int zeros = 0;
        for (int i = from; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[o++] = (byte) b;
        }
        return o == out.length ? out : java.util.Arrays.copyOf(out, o);
    }
}
