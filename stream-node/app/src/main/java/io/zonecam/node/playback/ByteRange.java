package io.zonecam.node.playback;

/**
 * ByteRange is the one range of an HTTP {@code Range: bytes=...} header (RFC 9110 §14.1.2) resolved against a
 * resource of known size: {@code bytes=a-b}, {@code bytes=a-} (open-ended) or {@code bytes=-n} (the last n bytes).
 *
 * @param start     first byte
 * @param end       last byte (inclusive, as in {@code Content-Range})
 * @param openEnded the client asked for everything from {@code start} on, so a shorter answer is still an answer
 */
record ByteRange(long start, long end, boolean openEnded) {

    /** The range the header asks for, or null when it is not one satisfiable byte range of {@code size} bytes. */
    static ByteRange parse(String header, long size) {
        if (!header.startsWith("bytes=") || header.indexOf(',') >= 0 || size == 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                return suffix <= 0 ? null : new ByteRange(Math.max(0, size - suffix), size - 1, false);
            }
            long start = Long.parseLong(spec.substring(0, dash));
            boolean open = dash == spec.length() - 1;
            long end = open ? size - 1 : Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
            return start < 0 || start > end ? null : new ByteRange(start, end, open);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Bytes in the range. */
    long length() {
        return end - start + 1;
    }

    /** The {@code Content-Range} value for a resource of {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }
}
