package io.zonecam.ingest.rtmp;

/** NalUnitsCheck verifies the MediaFrame video layout: 4-byte lengths that tile the payload exactly. */
final class NalUnitsCheck {
    private NalUnitsCheck() {}

    static boolean isLengthPrefixed(byte[] au) {
        int p = 0;
        while (p < au.length) {
            if (au.length - p < 4) {
                return false;
            }
            long n = ((long) (au[p] & 0xFF) << 24)
                    | ((au[p + 1] & 0xFF) << 16)
                    | ((au[p + 2] & 0xFF) << 8)
                    | (au[p + 3] & 0xFF);
            p += 4;
            if (n <= 0 || n > au.length - p) {
                return false;
            }
            p += (int) n;
        }
        return au.length > 0;
    }
}
