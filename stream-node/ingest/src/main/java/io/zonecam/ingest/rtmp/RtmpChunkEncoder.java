package io.zonecam.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * RtmpChunkEncoder splits outgoing {@link RtmpMessage}s into chunks (RTMP 1.0 §5.3): a format 0 header, then format 3
 * continuation chunks, with the extended timestamp repeated on each chunk when the timestamp needs it.
 *
 * <p>The server only sends small control and command messages, so it always uses full headers; that costs a few bytes
 * and keeps the encoder stateless apart from the chunk size. A Set Chunk Size message it writes applies to the
 * messages after it (§5.4.1), as the peer's decoder will apply it.
 */
public final class RtmpChunkEncoder extends MessageToByteEncoder<RtmpMessage> {

    private int chunkSize = RtmpChunkDecoder.DEFAULT_CHUNK_SIZE;

    public RtmpChunkEncoder() {
        super(RtmpMessage.class);
    }

    /** Sets the chunk size for following messages without telling the peer (a peer that was told another way). */
    public void chunkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size " + size);
        }
        chunkSize = size;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage m, ByteBuf out) {
        byte[] p = m.payload();
        long ts = m.timestamp() & 0xFFFFFFFFL;
        boolean extended = ts >= 0xFFFFFF;
        int offset = 0;
        do {
            int n = Math.min(chunkSize, p.length - offset);
            writeBasicHeader(out, offset == 0 ? 0 : 3, m.chunkStreamId());
            if (offset == 0) {
                out.writeMedium(extended ? 0xFFFFFF : (int) ts);
                out.writeMedium(p.length);
                out.writeByte(m.typeId());
                out.writeIntLE(m.streamId());
            }
            if (extended) {
                out.writeInt((int) ts);
            }
            out.writeBytes(p, offset, n);
            offset += n;
        } while (offset < p.length);
        if (m.typeId() == RtmpMessage.SET_CHUNK_SIZE && m.chunkStreamId() == 2) {
            chunkSize((int) m.u32(0));
        }
    }

    /** §5.3.1.1: one, two or three bytes depending on the chunk stream id. */
    static void writeBasicHeader(ByteBuf out, int fmt, int csid) {
        if (csid >= 2 && csid <= 63) {
            out.writeByte((fmt << 6) | csid);
        } else if (csid >= 64 && csid <= 319) {
            out.writeByte(fmt << 6);
            out.writeByte(csid - 64);
        } else if (csid >= 64 && csid <= 65599) {
            out.writeByte((fmt << 6) | 1);
            out.writeByte((csid - 64) & 0xFF);
            out.writeByte((csid - 64) >>> 8);
        } else {
            throw new IllegalArgumentException("chunk stream id out of range: " + csid);
        }
    }
}
