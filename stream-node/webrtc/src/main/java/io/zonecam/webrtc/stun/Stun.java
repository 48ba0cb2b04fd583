package io.zonecam.webrtc.stun;

/**
 * Stun holds the wire constants of STUN (RFC 8489) and of its ICE attributes (RFC 8445 §16.1).
 */
public final class Stun {

    /** The fixed magic cookie that follows the length in every STUN header (RFC 8489 §5). */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** The STUN header: type, length, cookie, 96-bit transaction id. */
    public static final int HEADER_LENGTH = 20;
    /** Length of the transaction id. */
    public static final int TRANSACTION_ID_LENGTH = 12;

    /** The Binding method, the only one ICE uses (RFC 8489 §18.2). */
    public static final int METHOD_BINDING = 0x001;
    /** Binding request. */
    public static final int BINDING_REQUEST = 0x0001;
    /** Binding indication (keepalives some agents send). */
    public static final int BINDING_INDICATION = 0x0011;
    /** Binding success response. */
    public static final int BINDING_SUCCESS_RESPONSE = 0x0101;
    /** Binding error response. */
    public static final int BINDING_ERROR_RESPONSE = 0x0111;

    // Attribute types (RFC 8489 §18.3, RFC 8445 §16.1). 0x0000–0x7FFF must be understood, 0x8000–0xFFFF may be ignored.
    /** MAPPED-ADDRESS. */
    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    /** USERNAME: "localUfrag:remoteUfrag" from the sender's point of view in ICE. */
    public static final int ATTR_USERNAME = 0x0006;
    /** MESSAGE-INTEGRITY: HMAC-SHA1, 20 bytes. */
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    /** ERROR-CODE. */
    public static final int ATTR_ERROR_CODE = 0x0009;
    /** UNKNOWN-ATTRIBUTES, sent with a 420 error. */
    public static final int ATTR_UNKNOWN_ATTRIBUTES = 0x000A;
    /** REALM (long-term credentials). */
    public static final int ATTR_REALM = 0x0014;
    /** NONCE (long-term credentials). */
    public static final int ATTR_NONCE = 0x0015;
    /** MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6). */
    public static final int ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001C;
    /** USERHASH. */
    public static final int ATTR_USERHASH = 0x001E;
    /** XOR-MAPPED-ADDRESS. */
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    /** PRIORITY (ICE). */
    public static final int ATTR_PRIORITY = 0x0024;
    /** USE-CANDIDATE (ICE nomination flag). */
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    /** SOFTWARE. */
    public static final int ATTR_SOFTWARE = 0x8022;
    /** FINGERPRINT: CRC-32 xor 0x5354554e. */
    public static final int ATTR_FINGERPRINT = 0x8028;
    /** ICE-CONTROLLED with the sender's tie-breaker. */
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    /** ICE-CONTROLLING with the sender's tie-breaker. */
    public static final int ATTR_ICE_CONTROLLING = 0x802A;

    /** Error 400 Bad Request. */
    public static final int ERROR_BAD_REQUEST = 400;
    /** Error 401 Unauthenticated. */
    public static final int ERROR_UNAUTHENTICATED = 401;
    /** Error 420 Unknown Attribute. */
    public static final int ERROR_UNKNOWN_ATTRIBUTE = 420;
    /** Error 487 Role Conflict (RFC 8445 §7.3.1.1). */
    public static final int ERROR_ROLE_CONFLICT = 487;

    /** The value FINGERPRINT xors into the CRC-32 so STUN is told apart from other protocols (RFC 8489 §14.7). */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    private Stun() {}

    /** The method bits M11..M0 of a message type. */
    public static int methodOf(int messageType) {
        return (messageType & 0x000F) | ((messageType & 0x00E0) >> 1) | ((messageType & 0x3E00) >> 2);
    }

    /** The class of a message type. */
    public static StunClass classOf(int messageType) {
        return StunClass.fromBits(((messageType >> 4) & 1) | ((messageType >> 7) & 2));
    }

    /** Builds a message type from method and class by interleaving the class bits (RFC 8489 §5, Figure 3). */
    public static int messageType(int method, StunClass messageClass) {
        int c = messageClass.ordinal();
        return (method & 0x000F)
                | ((method & 0x0070) << 1)
                | ((method & 0x0F80) << 2)
                | ((c & 1) << 4)
                | ((c & 2) << 7);
    }

    /** Whether an attribute type must be understood by the receiver (RFC 8489 §14). */
    public static boolean isComprehensionRequired(int attributeType) {
        return attributeType < 0x8000;
    }
}
