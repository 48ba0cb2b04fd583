package io.zonecam.media.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * BoxWriter appends ISO BMFF boxes (ISO/IEC 14496-12 §4.2) to a growing big-endian buffer, patching each box's
 * 32-bit size when it is closed.
 */
final class BoxWriter {

    private byte[] buf;
    private int pos;

    BoxWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Opens a box; returns its start for {@link #end(int)}. */
    int start(String type) {
        int at = pos;
        u32(0);
        fourcc(type);
        return at;
    }

    /** Opens a full box (§4.2: version and 24-bit flags after the type). */
    int startFull(String type, int version, int flags) {
        int at = start(type);
        u8(version);
        u24(flags);
        return at;
    }

    /** Closes the box opened at {@code start} by writing its size. */
    void end(int start) {
        patch32(start, pos - start);
    }

    void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u24(int v) {
        ensure(3);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u64(long v) {
        u32(v >>> 32);
        u32(v & 0xFFFF_FFFFL);
    }

    void zeros(int n) {
        ensure(n);
        pos += n; // the buffer is zero-filled on growth and never reused
    }

    void bytes(byte[] b) {
        bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    void fourcc(String type) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        if (t.length != 4) {
            throw new IllegalArgumentException("box type must be 4 characters: " + type);
        }
        bytes(t);
    }

    /** Overwrites 4 bytes at {@code at}. */
    void patch32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    int position() {
        return pos;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
        }
    }
}
