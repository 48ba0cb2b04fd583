package io.zonecam.webrtc.stun;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * StunMessageWriter builds a STUN message (RFC 8489 §5, §14) directly into a caller buffer.
 *
 * <p>Attributes are appended in call order with zero padding; the header length is kept current after every
 * attribute so {@link #addMessageIntegrity(byte[])} and {@link #addFingerprint()} (which must come last, in that
 * order) can be computed over the bytes already written. Running out of room is a programming error and throws
 * {@link IndexOutOfBoundsException}: STUN responses are small and the caller sizes the buffer.
 */
public final class StunMessageWriter {

    private final byte[] buf;
    private final int offset;
    private final int limit;
    private int position;

    /** Writes into {@code buf[offset, offset + capacity)}. */
    public StunMessageWriter(byte[] buf, int offset, int capacity) {
        if (offset < 0 || capacity < Stun.HEADER_LENGTH || offset > buf.length - capacity) {
            throw new IndexOutOfBoundsException("STUN buffer too small");
        }
        this.buf = buf;
        this.offset = offset;
        this.limit = offset + capacity;
        this.position = offset;
    }

    /** Writes the header: type, zero length, magic cookie and the 12-byte transaction id. */
    public StunMessageWriter header(int messageType, byte[] transactionId, int transactionIdOffset) {
        position = offset;
        putShort(messageType & 0x3FFF);
        putShort(0);
        putInt(Stun.MAGIC_COOKIE);
        System.arraycopy(transactionId, transactionIdOffset, buf, position, Stun.TRANSACTION_ID_LENGTH);
        position += Stun.TRANSACTION_ID_LENGTH;
        return this;
    }

    /** Writes the header with a transaction id held in a 12-byte array. */
    public StunMessageWriter header(int messageType, byte[] transactionId) {
        if (transactionId.length != Stun.TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("transaction id must be 12 bytes");
        }
        return header(messageType, transactionId, 0);
    }

    /** Appends an attribute with a raw value. */
    public StunMessageWriter addAttribute(int type, byte[] value, int valueOffset, int valueLength) {
        int padded = (valueLength + 3) & ~3;
        ensure(4 + padded);
        putShort(type);
        putShort(valueLength);
        System.arraycopy(value, valueOffset, buf, position, valueLength);
        for (int i = valueLength; i < padded; i++) {
            buf[position + i] = 0;
        }
        position += padded;
        updateLength();
        return this;
    }

    /** Appends an attribute whose value is a UTF-8 string (USERNAME, SOFTWARE, REALM...). */
    public StunMessageWriter addString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return addAttribute(type, bytes, 0, bytes.length);
    }

    /** Appends a 32-bit attribute such as PRIORITY. */
    public StunMessageWriter addUInt32(int type, int value) {
        ensure(8);
        putShort(type);
        putShort(4);
        putInt(value);
        updateLength();
        return this;
    }

    /** Appends a 64-bit attribute such as ICE-CONTROLLING. */
    public StunMessageWriter addUInt64(int type, long value) {
        ensure(12);
        putShort(type);
        putShort(8);
        putInt((int) (value >>> 32));
        putInt((int) value);
        updateLength();
        return this;
    }

    /** Appends an empty attribute such as USE-CANDIDATE. */
    public StunMessageWriter addFlag(int type) {
        ensure(4);
        putShort(type);
        putShort(0);
        updateLength();
        return this;
    }

    /** Appends XOR-MAPPED-ADDRESS for this transport address (RFC 8489 §14.2). */
    public StunMessageWriter addXorMappedAddress(InetSocketAddress address) {
        return addXorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS, address);
    }

    /** Appends an XOR-encoded address attribute; the header and transaction id must already be written. */
    public StunMessageWriter addXorAddress(int type, InetSocketAddress address) {
        if (address.getAddress() == null) {
            throw new IllegalArgumentException("unresolved address " + address);
        }
        byte[] ip = address.getAddress().getAddress();
        boolean v4 = address.getAddress() instanceof Inet4Address;
        int valueLength = v4 ? 8 : 20;
        ensure(4 + valueLength);
        putShort(type);
        putShort(valueLength);
        buf[position++] = 0;
        buf[position++] = (byte) (v4 ? 0x01 : 0x02);
        putShort(address.getPort() ^ (Stun.MAGIC_COOKIE >>> 16));
        for (int k = 0; k < ip.length; k++) {
            // The pad is the magic cookie followed by the transaction id, both already in the header.
            buf[position++] = (byte) (ip[k] ^ buf[offset + 4 + k]);
        }
        updateLength();
        return this;
    }

    /** Appends ERROR-CODE with a code in 300–699 and a reason phrase (RFC 8489 §14.8). */
    public StunMessageWriter addErrorCode(int code, String reason) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code " + code);
        }
        byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[4 + phrase.length];
        value[2] = (byte) (code / 100);
        value[3] = (byte) (code % 100);
        System.arraycopy(phrase, 0, value, 4, phrase.length);
        return addAttribute(Stun.ATTR_ERROR_CODE, value, 0, value.length);
    }

    /** Appends UNKNOWN-ATTRIBUTES listing attribute types (RFC 8489 §14.9). */
    public StunMessageWriter addUnknownAttributes(int[] types) {
        byte[] value = new byte[types.length * 2];
        for (int i = 0; i < types.length; i++) {
            value[2 * i] = (byte) (types[i] >>> 8);
            value[2 * i + 1] = (byte) types[i];
        }
        return addAttribute(Stun.ATTR_UNKNOWN_ATTRIBUTES, value, 0, value.length);
    }

    /** Appends MESSAGE-INTEGRITY computed with this key over everything written so far (RFC 8489 §14.5). */
    public StunMessageWriter addMessageIntegrity(byte[] key) {
        ensure(4 + StunIntegrity.HMAC_LENGTH);
        int attributeOffset = position;
        putShort(Stun.ATTR_MESSAGE_INTEGRITY);
        putShort(StunIntegrity.HMAC_LENGTH);
        StunIntegrity.hmac(key, buf, offset, attributeOffset, buf, position);
        position += StunIntegrity.HMAC_LENGTH;
        updateLength();
        return this;
    }

    /** Appends FINGERPRINT over everything written so far (RFC 8489 §14.7); it must be the last attribute. */
    public StunMessageWriter addFingerprint() {
        ensure(8);
        int attributeOffset = position;
        putShort(Stun.ATTR_FINGERPRINT);
        putShort(4);
        putInt(StunIntegrity.fingerprint(buf, offset, attributeOffset));
        updateLength();
        return this;
    }

    /** Total length of the message written so far, header included. */
    public int length() {
        return position - offset;
    }

    private void ensure(int bytes) {
        if (bytes > limit - position) {
            throw new IndexOutOfBoundsException("STUN buffer too small");
        }
    }

    private void updateLength() {
        int bodyLength = position - offset - Stun.HEADER_LENGTH;
        buf[offset + 2] = (byte) (bodyLength >>> 8);
        buf[offset + 3] = (byte) bodyLength;
    }

    private void putShort(int v) {
        buf[position++] = (byte) (v >>> 8);
        buf[position++] = (byte) v;
    }

    private void putInt(int v) {
        buf[position++] = (byte) (v >>> 24);
        buf[position++] = (byte) (v >>> 16);
        buf[position++] = (byte) (v >>> 8);
        buf[position++] = (byte) v;
    }
}
