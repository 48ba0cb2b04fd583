package io.zonecam.webrtc.dtls;

/**
 * DtlsRecordScreen checks an inbound datagram's DTLS 1.0/1.2 record framing before BouncyCastle sees it.
 *
 * <p>Why: BouncyCastle's DTLS reassembler allocates the full length a handshake fragment header announces (up to
 * 16 MiB) for each of up to 16 message sequence numbers ahead, before any authentication. Plaintext (epoch 0)
 * handshake headers are therefore checked against a limit here. Encrypted records cannot be inspected, but their
 * content is authenticated before BouncyCastle acts on it.
 *
 * <pre>
 * record (RFC 6347 §4.1):   type(1) version(2) epoch(2) sequence_number(6) length(2) fragment(length)
 * handshake (RFC 6347 §4.2.2): msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3) body
 * </pre>
 */
final class DtlsRecordScreen {

    static final int RECORD_HEADER_LENGTH = 13;
    static final int HANDSHAKE_HEADER_LENGTH = 12;
    /** RFC 6347 §4.1: records carry at most 2^14 bytes plus 2048 of expansion. */
    static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;

    private DtlsRecordScreen() {}

    /**
     * True when the datagram is one or more complete DTLS 1.0/1.2 records of the four content types a DTLS-SRTP
     * server handles and every plaintext handshake fragment stays within its message and the length limit.
     */
    static boolean acceptable(byte[] d, int off, int len, int maxHandshakeMessageLength) {
        if (len < RECORD_HEADER_LENGTH) {
            return false;
        }
        int end = off + len;
        int p = off;
        while (p < end) {
            if (end - p < RECORD_HEADER_LENGTH) {
                return false;
            }
            int type = d[p] & 0xFF;
            if (type < CHANGE_CIPHER_SPEC || type > APPLICATION_DATA) {
                return false; // heartbeat, tls12_cid, DTLS 1.3 unified headers: not spoken here
            }
            // DTLS 1.0 (0xFEFF) appears in ClientHello records; DTLS 1.2 is 0xFEFD.
            if ((d[p + 1] & 0xFF) != 0xFE || ((d[p + 2] & 0xFF) != 0xFF && (d[p + 2] & 0xFF) != 0xFD)) {
                return false;
            }
            int epoch = (d[p + 3] & 0xFF) << 8 | (d[p + 4] & 0xFF);
            int length = (d[p + 11] & 0xFF) << 8 | (d[p + 12] & 0xFF);
            int body = p + RECORD_HEADER_LENGTH;
            if (length > MAX_RECORD_LENGTH || length > end - body) {
                return false;
            }
            if (type == HANDSHAKE
                    && epoch == 0
                    && !handshakeFragmentsAcceptable(d, body, length, maxHandshakeMessageLength)) {
                return false;
            }
            p = body + length;
        }
        return true;
    }

    private static boolean handshakeFragmentsAcceptable(byte[] d, int off, int len, int maxMessageLength) {
        int end = off + len;
        int p = off;
        if (len == 0) {
            return false;
        }
        while (p < end) {
            if (end - p < HANDSHAKE_HEADER_LENGTH) {
                return false;
            }
            int messageLength = uint24(d, p + 1);
            int fragmentOffset = uint24(d, p + 6);
            int fragmentLength = uint24(d, p + 9);
            if (messageLength > maxMessageLength
                    || fragmentOffset + fragmentLength > messageLength
                    || fragmentLength > end - p - HANDSHAKE_HEADER_LENGTH) {
                return false;
            }
            p += HANDSHAKE_HEADER_LENGTH + fragmentLength;
        }
        return true;
    }

    private static int uint24(byte[] d, int p) {
        return (d[p] & 0xFF) << 16 | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF);
    }
}
