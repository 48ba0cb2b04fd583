package io.zonecam.webrtc.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * StunMessage is a parsed, validated view of a STUN message (RFC 8489 §5, §14) over the caller's bytes.
 *
 * <p>The view keeps a reference to the buffer: it is valid until the caller reuses that buffer. Parsing is strict:
 * the header's first two bits are zero, the magic cookie is present, the length is a multiple of four and matches the
 * datagram, every attribute fits, MESSAGE-INTEGRITY and FINGERPRINT have their fixed lengths and FINGERPRINT is last.
 * Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored as RFC 8489 §14.5 requires. At most
 * {@value #MAX_ATTRIBUTES} attributes are accepted.
 */
public final class StunMessage {

    /** Upper bound on attributes in one message; real ICE checks carry fewer than ten. */
    public static final int MAX_ATTRIBUTES = 32;
    /** USERNAME is at most 513 bytes (RFC 8489 §14.3). */
    public static final int MAX_USERNAME_LENGTH = 513;

    private final byte[] buf;
    private final int offset;
    private final int length;
    private final int type;
    private final int count;
    private final int[] attrTypes;
    private final int[] attrValueOffsets;
    private final int[] attrValueLengths;
    /** Offset of the MESSAGE-INTEGRITY attribute header, or -1. */
    private final int integrityOffset;
    /** Offset of the FINGERPRINT attribute header, or -1. */
    private final int fingerprintOffset;

    private StunMessage(
            byte[] buf,
            int offset,
            int length,
            int type,
            int count,
            int[] types,
            int[] valueOffsets,
            int[] valueLengths,
            int integrityOffset,
            int fingerprintOffset) {
        this.buf = buf;
        this.offset = offset;
        this.length = length;
        this.type = type;
        this.count = count;
        this.attrTypes = types;
        this.attrValueOffsets = valueOffsets;
        this.attrValueLengths = valueLengths;
        this.integrityOffset = integrityOffset;
        this.fingerprintOffset = fingerprintOffset;
    }

    /** Quick check that a datagram could be STUN: length, leading zero bits, magic cookie (RFC 8489 §6.3). */
    public static boolean looksLikeStun(byte[] buf, int offset, int length) {
        return buf != null
                && offset >= 0
                && length >= Stun.HEADER_LENGTH
                && offset <= buf.length - length
                && (buf[offset] & 0xC0) == 0
                && readInt(buf, offset + 4) == Stun.MAGIC_COOKIE;
    }

    /** Parses and validates a STUN message occupying exactly {@code buf[offset, offset + length)}. */
    public static StunMessage parse(byte[] buf, int offset, int length) throws StunException {
        if (!looksLikeStun(buf, offset, length)) {
            throw new StunException("not a STUN header");
        }
        int bodyLength = readShort(buf, offset + 2);
        if ((bodyLength & 3) != 0) {
            throw new StunException("length not a multiple of 4");
        }
        if (bodyLength + Stun.HEADER_LENGTH != length) {
            throw new StunException("length does not match the datagram");
        }
        int type = readShort(buf, offset);
        int[] types = new int[8];
        int[] valueOffsets = new int[8];
        int[] valueLengths = new int[8];
        int count = 0;
        int integrity = -1;
        int fingerprint = -1;
        int end = offset + length;
        int pos = offset + Stun.HEADER_LENGTH;
        while (pos < end) {
            if (fingerprint >= 0) {
                throw new StunException("attribute after FINGERPRINT");
            }
            if (end - pos < 4) {
                throw new StunException("truncated attribute header");
            }
            int attrType = readShort(buf, pos);
            int valueLength = readShort(buf, pos + 2);
            int padded = (valueLength + 3) & ~3;
            if (padded > end - pos - 4) {
                throw new StunException("attribute overruns the message");
            }
            if (attrType == Stun.ATTR_FINGERPRINT) {
                if (valueLength != 4) {
                    throw new StunException("FINGERPRINT length");
                }
                fingerprint = pos;
            } else if (integrity >= 0 && attrType != Stun.ATTR_MESSAGE_INTEGRITY_SHA256) {
                // RFC 8489 §14.5: everything between MESSAGE-INTEGRITY and FINGERPRINT is ignored.
                pos += 4 + padded;
                continue;
            } else if (attrType == Stun.ATTR_MESSAGE_INTEGRITY) {
                if (valueLength != StunIntegrity.HMAC_LENGTH) {
                    throw new StunException("MESSAGE-INTEGRITY length");
                }
                integrity = pos;
            }
            if (count == MAX_ATTRIBUTES) {
                throw new StunException("too many attributes");
            }
            if (count == types.length) {
                types = java.util.Arrays.copyOf(types, count * 2);
                valueOffsets = java.util.Arrays.copyOf(valueOffsets, count * 2);
                valueLengths = java.util.Arrays.copyOf(valueLengths, count * 2);
            }
            types[count] = attrType;
            valueOffsets[count] = pos + 4;
            valueLengths[count] = valueLength;
            count++;
            pos += 4 + padded;
        }
        return new StunMessage(
                buf, offset, length, type, count, types, valueOffsets, valueLengths, integrity, fingerprint);
    }

    /** The 16-bit message type, e.g. {@link Stun#BINDING_REQUEST}. */
    public int messageType() {
        return type;
    }

    /** The method, e.g. {@link Stun#METHOD_BINDING}. */
    public int method() {
        return Stun.methodOf(type);
    }

    /** The class: request, indication, success or error response. */
    public StunClass messageClass() {
        return Stun.classOf(type);
    }

    /** The underlying buffer. */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the message in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** Total length of the message including the header. */
    public int length() {
        return length;
    }

    /** Offset of the 12-byte transaction id in {@link #buffer()}. */
    public int transactionIdOffset() {
        return offset + 8;
    }

    /** A copy of the 12-byte transaction id. */
    public byte[] transactionId() {
        return java.util.Arrays.copyOfRange(buf, offset + 8, offset + Stun.HEADER_LENGTH);
    }

    /** Number of attributes recorded (those after MESSAGE-INTEGRITY other than FINGERPRINT are not). */
    public int attributeCount() {
        return count;
    }

    /** Type of the i-th attribute. */
    public int attributeType(int index) {
        return attrTypes[index];
    }

    /** Offset of the i-th attribute's value in {@link #buffer()}. */
    public int attributeValueOffset(int index) {
        return attrValueOffsets[index];
    }

    /** Unpadded length of the i-th attribute's value. */
    public int attributeValueLength(int index) {
        return attrValueLengths[index];
    }

    /** Index of the first attribute of this type, or -1. */
    public int findAttribute(int attributeType) {
        for (int i = 0; i < count; i++) {
            if (attrTypes[i] == attributeType) {
                return i;
            }
        }
        return -1;
    }

    /** Whether an attribute of this type is present. */
    public boolean hasAttribute(int attributeType) {
        return findAttribute(attributeType) >= 0;
    }

    /**
     * Comprehension-required attribute types (below 0x8000) that this implementation does not know, for a 420
     * response (RFC 8489 §6.3.1); empty when there are none.
     */
    public int[] unknownComprehensionRequired() {
        int n = 0;
        int[] unknown = new int[count];
        for (int i = 0; i < count; i++) {
            if (Stun.isComprehensionRequired(attrTypes[i]) && !isKnown(attrTypes[i])) {
                unknown[n++] = attrTypes[i];
            }
        }
        return java.util.Arrays.copyOf(unknown, n);
    }

    private static boolean isKnown(int t) {
        return switch (t) {
            case Stun.ATTR_MAPPED_ADDRESS,
                    Stun.ATTR_USERNAME,
                    Stun.ATTR_MESSAGE_INTEGRITY,
                    Stun.ATTR_ERROR_CODE,
                    Stun.ATTR_UNKNOWN_ATTRIBUTES,
                    Stun.ATTR_REALM,
                    Stun.ATTR_NONCE,
                    Stun.ATTR_MESSAGE_INTEGRITY_SHA256,
                    Stun.ATTR_USERHASH,
                    Stun.ATTR_XOR_MAPPED_ADDRESS,
                    Stun.ATTR_PRIORITY,
                    Stun.ATTR_USE_CANDIDATE -> true;
            default -> false;
        };
    }

    /** USERNAME decoded as UTF-8, or {@code null} when absent or longer than 513 bytes. */
    public String username() {
        int i = findAttribute(Stun.ATTR_USERNAME);
        if (i < 0 || attrValueLengths[i] > MAX_USERNAME_LENGTH) {
            return null;
        }
        return new String(buf, attrValueOffsets[i], attrValueLengths[i], StandardCharsets.UTF_8);
    }

    /** PRIORITY as an unsigned 32-bit value, or -1 when absent or not 4 bytes long. */
    public long priority() {
        int i = findAttribute(Stun.ATTR_PRIORITY);
        if (i < 0 || attrValueLengths[i] != 4) {
            return -1;
        }
        return readInt(buf, attrValueOffsets[i]) & 0xFFFFFFFFL;
    }

    /** Whether USE-CANDIDATE is present (the controlling agent nominates this pair, RFC 8445 §7.2.2). */
    public boolean useCandidate() {
        return hasAttribute(Stun.ATTR_USE_CANDIDATE);
    }

    /** Whether ICE-CONTROLLING is present with its 8-byte tie-breaker. */
    public boolean iceControlling() {
        int i = findAttribute(Stun.ATTR_ICE_CONTROLLING);
        return i >= 0 && attrValueLengths[i] == 8;
    }

    /** Whether ICE-CONTROLLED is present with its 8-byte tie-breaker. */
    public boolean iceControlled() {
        int i = findAttribute(Stun.ATTR_ICE_CONTROLLED);
        return i >= 0 && attrValueLengths[i] == 8;
    }

    /** The tie-breaker from ICE-CONTROLLING or ICE-CONTROLLED, or 0 when neither is present. */
    public long tieBreaker() {
        int i = findAttribute(Stun.ATTR_ICE_CONTROLLING);
        if (i < 0) {
            i = findAttribute(Stun.ATTR_ICE_CONTROLLED);
        }
        if (i < 0 || attrValueLengths[i] != 8) {
            return 0;
        }
        return ((long) readInt(buf, attrValueOffsets[i]) << 32) | (readInt(buf, attrValueOffsets[i] + 4) & 0xFFFFFFFFL);
    }

    /** The ERROR-CODE number (300–699), or -1 when absent or malformed. */
    public int errorCode() {
        int i = findAttribute(Stun.ATTR_ERROR_CODE);
        if (i < 0 || attrValueLengths[i] < 4) {
            return -1;
        }
        int p = attrValueOffsets[i];
        int cls = buf[p + 2] & 0x07;
        int number = buf[p + 3] & 0xFF;
        if (cls < 3 || cls > 6 || number > 99) {
            return -1;
        }
        return cls * 100 + number;
    }

    /** The ERROR-CODE reason phrase, or {@code null}. */
    public String errorReason() {
        int i = findAttribute(Stun.ATTR_ERROR_CODE);
        if (i < 0 || attrValueLengths[i] < 4) {
            return null;
        }
        return new String(buf, attrValueOffsets[i] + 4, attrValueLengths[i] - 4, StandardCharsets.UTF_8);
    }

    /** XOR-MAPPED-ADDRESS decoded (RFC 8489 §14.2), or {@code null} when absent. */
    public InetSocketAddress xorMappedAddress() throws StunException {
        int i = findAttribute(Stun.ATTR_XOR_MAPPED_ADDRESS);
        return i < 0 ? null : decodeXorAddress(i);
    }

    /** Decodes the i-th attribute as an XOR-encoded address. */
    public InetSocketAddress decodeXorAddress(int index) throws StunException {
        int p = attrValueOffsets[index];
        int len = attrValueLengths[index];
        if (len < 4) {
            throw new StunException("address attribute too short");
        }
        int family = buf[p + 1] & 0xFF;
        int port = readShort(buf, p + 2) ^ (Stun.MAGIC_COOKIE >>> 16);
        byte[] address;
        if (family == 0x01 && len == 8) {
            address = new byte[4];
        } else if (family == 0x02 && len == 20) {
            address = new byte[16];
        } else {
            throw new StunException("address family/length");
        }
        // The cookie and then the transaction id are the xor pad: buf[offset + 4 ...].
        for (int k = 0; k < address.length; k++) {
            address[k] = (byte) (buf[p + 4 + k] ^ buf[offset + 4 + k]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new StunException("address");
        }
    }

    /** Whether MESSAGE-INTEGRITY is present. */
    public boolean hasMessageIntegrity() {
        return integrityOffset >= 0;
    }

    /** Whether FINGERPRINT is present. */
    public boolean hasFingerprint() {
        return fingerprintOffset >= 0;
    }

    /**
     * Checks MESSAGE-INTEGRITY with this key (RFC 8489 §14.5), comparing in constant time; false when absent.
     *
     * @param scratch at least 20 bytes the caller lends, so the check does not allocate
     */
    public boolean verifyMessageIntegrity(byte[] key, byte[] scratch) {
        if (integrityOffset < 0 || key == null || key.length == 0) {
            return false;
        }
        StunIntegrity.hmac(key, buf, offset, integrityOffset, scratch, 0);
        return StunIntegrity.constantTimeEquals(scratch, 0, buf, integrityOffset + 4, StunIntegrity.HMAC_LENGTH);
    }

    /** Checks MESSAGE-INTEGRITY with this key; allocates a scratch buffer. */
    public boolean verifyMessageIntegrity(byte[] key) {
        return verifyMessageIntegrity(key, new byte[StunIntegrity.HMAC_LENGTH]);
    }

    /** Checks FINGERPRINT (RFC 8489 §14.7); false when absent. */
    public boolean verifyFingerprint() {
        if (fingerprintOffset < 0) {
            return false;
        }
        return StunIntegrity.fingerprint(buf, offset, fingerprintOffset) == readInt(buf, fingerprintOffset + 4);
    }

    @Override
    public String toString() {
        return "StunMessage[type=0x" + Integer.toHexString(type) + ", length=" + length + ", attributes=" + count + "]";
    }

    static int readShort(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
