package io.zonecam.ingest.rtmp;

/**
 * RtmpMessage is one reassembled RTMP message (RTMP 1.0 §5.4 / §6.1): its type, stream, 32-bit timestamp and payload.
 *
 * @param chunkStreamId the chunk stream it travelled on (2 for protocol control messages)
 * @param typeId        message type id, see the constants
 * @param streamId      message stream id (0 for connection-level messages)
 * @param timestamp     32-bit timestamp in milliseconds as an unsigned value (wraps; unwrap per track)
 * @param payload       message payload; owned by the message
 */
public record RtmpMessage(int chunkStreamId, int typeId, int streamId, long timestamp, byte[] payload) {

    // Protocol control messages (RTMP 1.0 §5.4).
    public static final int SET_CHUNK_SIZE = 1;
    public static final int ABORT = 2;
    public static final int ACKNOWLEDGEMENT = 3;
    public static final int USER_CONTROL = 4;
    public static final int WINDOW_ACK_SIZE = 5;
    public static final int SET_PEER_BANDWIDTH = 6;
    // RTMP message types (RTMP 1.0 §7.1).
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int DATA_AMF3 = 15;
    public static final int SHARED_OBJECT_AMF3 = 16;
    public static final int COMMAND_AMF3 = 17;
    public static final int DATA_AMF0 = 18;
    public static final int SHARED_OBJECT_AMF0 = 19;
    public static final int COMMAND_AMF0 = 20;
    public static final int AGGREGATE = 22;

    /** Reads a big-endian unsigned 32-bit value from the payload, as control messages carry it. */
    public long u32(int offset) {
        if (payload.length < offset + 4) {
            throw RtmpException.malformed("message type " + typeId + " too short: " + payload.length + " bytes");
        }
        return ((long) (payload[offset] & 0xFF) << 24)
                | ((payload[offset + 1] & 0xFF) << 16)
                | ((payload[offset + 2] & 0xFF) << 8)
                | (payload[offset + 3] & 0xFF);
    }
}
