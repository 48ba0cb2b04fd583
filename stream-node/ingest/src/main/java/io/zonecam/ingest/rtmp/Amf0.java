package io.zonecam.ingest.rtmp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amf0 encodes and decodes Action Message Format 0 values (Adobe AMF0 specification, 2006) as used by RTMP commands
 * and FLV script data.
 *
 * <p>Java mapping: number → {@link Double}, boolean → {@link Boolean}, string and long string → {@link String},
 * object, ECMA array and typed object → {@link Map} (insertion ordered), strict array → {@link List}, null →
 * {@code null}, undefined → {@link #UNDEFINED}, date → {@link Double} (milliseconds). References, XML and AMF3
 * switches are refused. Decoding is bounded in nesting depth and element count so hostile input cannot exhaust the
 * stack or the heap; the input itself is already bounded by the RTMP message size cap.
 */
public final class Amf0 {

    /** The AMF0 undefined value (marker 0x06), distinct from null. */
    public static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "undefined";
        }
    };

    /** Deepest object nesting accepted; real commands nest two levels. */
    public static final int MAX_DEPTH = 16;
    /** Most values (object properties and array elements, all levels) accepted in one decode. */
    public static final int MAX_ELEMENTS = 4096;

    // AMF0 type markers (AMF0 spec §2.1).
    static final int NUMBER = 0x00;
    static final int BOOLEAN = 0x01;
    static final int STRING = 0x02;
    static final int OBJECT = 0x03;
    static final int MOVIECLIP = 0x04;
    static final int NULL = 0x05;
    static final int UNDEFINED_MARKER = 0x06;
    static final int REFERENCE = 0x07;
    static final int ECMA_ARRAY = 0x08;
    static final int OBJECT_END = 0x09;
    static final int STRICT_ARRAY = 0x0A;
    static final int DATE = 0x0B;
    static final int LONG_STRING = 0x0C;
    static final int UNSUPPORTED = 0x0D;
    static final int XML_DOCUMENT = 0x0F;
    static final int TYPED_OBJECT = 0x10;
    static final int AVMPLUS = 0x11;

    private Amf0() {}

    /** Decodes every value in {@code data[offset, offset+length)}. */
    public static List<Object> decodeAll(byte[] data, int offset, int length) {
        Reader r = new Reader(data, offset, length);
        List<Object> values = new ArrayList<>();
        while (r.pos < r.end) {
            values.add(r.value(0));
        }
        return values;
    }

    /** Decodes every value in {@code data}. */
    public static List<Object> decodeAll(byte[] data) {
        return decodeAll(data, 0, data.length);
    }

    /** Encodes values one after another. */
    public static byte[] encode(Object... values) {
        Writer w = new Writer();
        for (Object v : values) {
            w.value(v, 0);
        }
        return w.toByteArray();
    }

    private static final class Reader {
        final byte[] data;
        int pos;
        final int end;
        int elements;

        Reader(byte[] data, int offset, int length) {
            if (offset < 0 || length < 0 || offset + length > data.length) {
                throw new IndexOutOfBoundsException("bad slice");
            }
            this.data = data;
            this.pos = offset;
            this.end = offset + length;
        }

        void need(int n) {
            if (end - pos < n) {
                throw new Amf0Exception(
                        RtmpException.Kind.MALFORMED, "truncated AMF0: need " + n + " bytes at offset " + pos);
            }
        }

        int u8() {
            need(1);
            return data[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u32() {
            need(4);
            long v = ((long) (data[pos] & 0xFF) << 24)
                    | ((data[pos + 1] & 0xFF) << 16)
                    | ((data[pos + 2] & 0xFF) << 8)
                    | (data[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        double number() {
            need(8);
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (data[pos + i] & 0xFF);
            }
            pos += 8;
            return Double.longBitsToDouble(bits);
        }

        String utf8(long len) {
            if (len > end - pos) {
                throw new Amf0Exception(
                        RtmpException.Kind.MALFORMED,
                        "AMF0 string of " + len + " bytes exceeds the remaining " + (end - pos));
            }
            String s = new String(data, pos, (int) len, StandardCharsets.UTF_8);
            pos += (int) len;
            return s;
        }

        void count() {
            if (++elements > MAX_ELEMENTS) {
                throw new Amf0Exception(
                        RtmpException.Kind.OVER_LIMIT, "AMF0 data has more than " + MAX_ELEMENTS + " values");
            }
        }

        Object value(int depth) {
            count();
            int marker = u8();
            return switch (marker) {
                case NUMBER, DATE -> {
                    double d = number();
                    if (marker == DATE) {
                        u16(); // time zone, unused (AMF0 §2.13)
                    }
                    yield d;
                }
                case BOOLEAN -> u8() != 0;
                case STRING -> utf8(u16());
                case LONG_STRING, XML_DOCUMENT -> utf8(u32());
                case NULL -> null;
                case UNDEFINED_MARKER, UNSUPPORTED -> UNDEFINED;
                case OBJECT -> properties(depth + 1, new LinkedHashMap<>());
                case TYPED_OBJECT -> {
                    utf8(u16()); // class name, unused
                    yield properties(depth + 1, new LinkedHashMap<>());
                }
                case ECMA_ARRAY -> {
                    u32(); // associative count is advisory; the end marker terminates (AMF0 §2.10)
                    yield properties(depth + 1, new LinkedHashMap<>());
                }
                case STRICT_ARRAY -> {
                    long n = u32();
                    if (n > end - pos) { // each element needs at least one byte
                        throw new Amf0Exception(
                                RtmpException.Kind.MALFORMED,
                                "AMF0 strict array of " + n + " elements exceeds the data");
                    }
                    checkDepth(depth + 1);
                    List<Object> list = new ArrayList<>((int) Math.min(n, 64));
                    for (long i = 0; i < n; i++) {
                        list.add(value(depth + 1));
                    }
                    yield list;
                }
                case OBJECT_END ->
                    throw new Amf0Exception(
                            RtmpException.Kind.MALFORMED, "unexpected AMF0 object end at offset " + (pos - 1));
                case REFERENCE, MOVIECLIP, AVMPLUS ->
                    throw new Amf0Exception(
                            RtmpException.Kind.MALFORMED, "unsupported AMF0 type 0x" + Integer.toHexString(marker));
                default ->
                    throw new Amf0Exception(
                            RtmpException.Kind.MALFORMED, "unknown AMF0 type 0x" + Integer.toHexString(marker));
            };
        }

        void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw new Amf0Exception(RtmpException.Kind.OVER_LIMIT, "AMF0 nesting deeper than " + MAX_DEPTH);
            }
        }

        Map<String, Object> properties(int depth, Map<String, Object> map) {
            checkDepth(depth);
            while (true) {
                String key = utf8(u16());
                need(1);
                if (key.isEmpty() && (data[pos] & 0xFF) == OBJECT_END) {
                    pos++;
                    return map;
                }
                map.put(key, value(depth));
            }
        }
    }

    private static final class Writer {
        byte[] buf = new byte[256];
        int len;

        void ensure(int n) {
            if (len + n > buf.length) {
                byte[] b = new byte[Math.max(buf.length * 2, len + n)];
                System.arraycopy(buf, 0, b, 0, len);
                buf = b;
            }
        }

        void u8(int v) {
            ensure(1);
            buf[len++] = (byte) v;
        }

        void u16(int v) {
            u8(v >>> 8);
            u8(v);
        }

        void u32(long v) {
            u16((int) (v >>> 16) & 0xFFFF);
            u16((int) v & 0xFFFF);
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void key(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0xFFFF) {
                throw new IllegalArgumentException("AMF0 property name too long");
            }
            u16(b.length);
            bytes(b);
        }

        void value(Object v, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("AMF0 value nested deeper than " + MAX_DEPTH);
            }
            if (v == null) {
                u8(NULL);
            } else if (v == UNDEFINED) {
                u8(UNDEFINED_MARKER);
            } else if (v instanceof Number n) {
                u8(NUMBER);
                long bits = Double.doubleToLongBits(n.doubleValue());
                u32(bits >>> 32);
                u32(bits & 0xFFFFFFFFL);
            } else if (v instanceof Boolean b) {
                u8(BOOLEAN);
                u8(b ? 1 : 0);
            } else if (v instanceof String s) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                if (b.length <= 0xFFFF) {
                    u8(STRING);
                    u16(b.length);
                } else {
                    u8(LONG_STRING);
                    u32(b.length);
                }
                bytes(b);
            } else if (v instanceof Map<?, ?> m) {
                u8(OBJECT);
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    key(String.valueOf(e.getKey()));
                    value(e.getValue(), depth + 1);
                }
                u16(0);
                u8(OBJECT_END);
            } else if (v instanceof List<?> l) {
                u8(STRICT_ARRAY);
                u32(l.size());
                for (Object o : l) {
                    value(o, depth + 1);
                }
            } else {
                throw new IllegalArgumentException(
                        "no AMF0 mapping for " + v.getClass().getName());
            }
        }

        byte[] toByteArray() {
            byte[] out = new byte[len];
            System.arraycopy(buf, 0, out, 0, len);
            return out;
        }
    }
}
