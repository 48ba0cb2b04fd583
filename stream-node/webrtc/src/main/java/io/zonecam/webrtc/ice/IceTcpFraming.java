package io.zonecam.webrtc.ice;

/**
 * IceTcpFraming carries STUN, DTLS and SRTP over ICE-TCP with the 2-byte big-endian length prefix of RFC 4571 §2
 * (RFC 6544 §3).
 *
 * <p>{@link #frame} writes one frame; a {@link Decoder} per connection turns a byte stream into datagrams with a
 * fixed buffer, so a peer can make it hold at most one maximum-size frame.
 */
public final class IceTcpFraming {

    /** The length prefix size. */
    public static final int HEADER_LENGTH = 2;
    /** The largest payload a 16-bit prefix can describe. */
    public static final int MAX_FRAME_LENGTH = 0xFFFF;

    private IceTcpFraming() {}

    /** Writes {@code payload} with its length prefix into {@code out}; returns the bytes written. */
    public static int frame(byte[] payload, int offset, int length, byte[] out, int outOffset) {
        if (length < 0 || length > MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("frame length " + length);
        }
        out[outOffset] = (byte) (length >>> 8);
        out[outOffset + 1] = (byte) length;
        System.arraycopy(payload, offset, out, outOffset + HEADER_LENGTH, length);
        return length + HEADER_LENGTH;
    }

    /** FrameSink receives each complete frame; the bytes are only valid during the call. */
    @FunctionalInterface
    public interface FrameSink {
        /** One decoded frame. */
        void onFrame(byte[] buffer, int offset, int length);
    }

    /** Decoder reassembles frames from one TCP connection's byte stream; not thread-safe. */
    public static final class Decoder {

        private final byte[] buffer;
        private int filled;
        private long frames;

        /** Accepts frames up to {@code maxFrameLength} bytes (at most 65535); longer ones fail the stream. */
        public Decoder(int maxFrameLength) {
            if (maxFrameLength < 1 || maxFrameLength > MAX_FRAME_LENGTH) {
                throw new IllegalArgumentException("maxFrameLength " + maxFrameLength);
            }
            this.buffer = new byte[HEADER_LENGTH + maxFrameLength];
        }

        /**
         * Feeds bytes read from the connection, delivering every complete frame to {@code sink}.
         *
         * @return false when a frame announces more than the maximum length: the caller should close the connection
         */
        public boolean feed(byte[] data, int offset, int length, FrameSink sink) {
            int pos = offset;
            int end = offset + length;
            while (pos < end) {
                if (filled < HEADER_LENGTH) {
                    buffer[filled++] = data[pos++];
                    continue;
                }
                int frameLength = ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
                if (frameLength > buffer.length - HEADER_LENGTH) {
                    return false;
                }
                int need = HEADER_LENGTH + frameLength - filled;
                int n = Math.min(need, end - pos);
                System.arraycopy(data, pos, buffer, filled, n);
                filled += n;
                pos += n;
                if (filled == HEADER_LENGTH + frameLength) {
                    frames++;
                    filled = 0;
                    sink.onFrame(buffer, HEADER_LENGTH, frameLength);
                }
            }
            // A complete header with an empty frame would otherwise wait for the next feed.
            if (filled == HEADER_LENGTH && buffer[0] == 0 && buffer[1] == 0) {
                frames++;
                filled = 0;
                sink.onFrame(buffer, HEADER_LENGTH, 0);
            }
            if (filled == HEADER_LENGTH) {
                int frameLength = ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
                return frameLength <= buffer.length - HEADER_LENGTH;
            }
            return true;
        }

        /** Frames delivered so far. */
        public long frames() {
            return frames;
        }
    }
}
