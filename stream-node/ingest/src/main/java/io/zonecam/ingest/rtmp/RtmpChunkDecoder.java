package io.zonecam.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RtmpChunkDecoder reassembles RTMP chunks (RTMP 1.0 §5.3) into {@link RtmpMessage}s.
 *
 * <p>Handles the three basic header sizes, message header formats 0–3, extended timestamps (also on type 3
 * continuation chunks, as ffmpeg and librtmp write them), Set Chunk Size and Abort. Strict limits: the peer's chunk
 * size, each message's declared length, the number of distinct chunk streams and the bytes held in partial messages
 * are all capped, so memory per connection is bounded whatever the peer sends. Any violation throws
 * {@link RtmpException}; the handler closes the connection.
 */
public final class RtmpChunkDecoder extends ByteToMessageDecoder {

    /** Default chunk size before the peer sends Set Chunk Size (RTMP 1.0 §5.4.1). */
    public static final int DEFAULT_CHUNK_SIZE = 128;

    private static final int EXTENDED_TIMESTAMP = 0xFFFFFF;

    private final int maxChunkSize;
    private final int maxMessageLength;
    private final int maxChunkStreams;
    /** Chunk streams 2..63 (one-byte basic header, what encoders use) by id: a lookup per chunk without boxing. */
    private final ChunkStream[] inline = new ChunkStream[64];
    /** Chunk streams 64 and above. */
    private final Map<Integer, ChunkStream> wide = new HashMap<>();

    private int streamCount;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private long partialBytes;
    private boolean failed;

    /** Per chunk stream header state that later chunks inherit. */
    private static final class ChunkStream {
        long timestamp;
        long delta;
        int length;
        int typeId;
        int streamId;
        boolean extended;
        byte[] partial;
        int filled;
    }

    public RtmpChunkDecoder(int maxChunkSize, int maxMessageLength, int maxChunkStreams) {
        if (maxChunkSize < DEFAULT_CHUNK_SIZE || maxMessageLength < 1 || maxChunkStreams < 1) {
            throw new IllegalArgumentException("bad RTMP limits");
        }
        this.maxChunkSize = maxChunkSize;
        this.maxMessageLength = maxMessageLength;
        this.maxChunkStreams = maxChunkStreams;
    }

    /** The peer's current chunk size. */
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes()); // the connection is closing; nothing after an error is trusted
            return;
        }
        try {
            while (in.isReadable()) {
                RtmpMessage m = decodeOne(in);
                if (m == null) {
                    return;
                }
                out.add(m);
            }
        } catch (RtmpException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Consumes one whole chunk and returns a message if it completed one; returns null (consuming nothing) when the chunk is not all there yet. */
    private RtmpMessage decodeOne(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        // Basic header (§5.3.1.1): fmt in the top two bits, csid 2..63 inline, 0 → one more byte, 1 → two more.
        int b0 = in.getUnsignedByte(start);
        int fmt = b0 >>> 6;
        int csid = b0 & 0x3F;
        int pos = 1;
        if (csid == 0) {
            if (readable < 2) {
                return null;
            }
            csid = 64 + in.getUnsignedByte(start + 1);
            pos = 2;
        } else if (csid == 1) {
            if (readable < 3) {
                return null;
            }
            csid = 64 + in.getUnsignedByte(start + 1) + (in.getUnsignedByte(start + 2) << 8);
            pos = 3;
        }
        ChunkStream cs = stream(csid);
        if (cs == null && fmt != 0) {
            throw RtmpException.malformed("first chunk on chunk stream " + csid + " has format " + fmt + ", not 0");
        }
        boolean continuation = cs != null && cs.partial != null;
        if (continuation && fmt != 3) {
            throw RtmpException.malformed(
                    "format " + fmt + " header on chunk stream " + csid + " while a message is still incomplete");
        }
        // Message header (§5.3.1.2): 11, 7, 3 or 0 bytes.
        int headerLen = switch (fmt) {
            case 0 -> 11;
            case 1 -> 7;
            case 2 -> 3;
            default -> 0;
        };
        if (readable < pos + headerLen) {
            return null;
        }
        long tsField = 0;
        int length = 0;
        int typeId = 0;
        int streamId = 0;
        if (fmt <= 2) {
            tsField = in.getUnsignedMedium(start + pos);
        }
        if (fmt <= 1) {
            length = in.getUnsignedMedium(start + pos + 3);
            typeId = in.getUnsignedByte(start + pos + 6);
        }
        if (fmt == 0) {
            streamId = in.getIntLE(start + pos + 7); // the only little-endian field in RTMP
        }
        pos += headerLen;
        boolean extended = fmt <= 2 ? tsField == EXTENDED_TIMESTAMP : cs.extended;
        if (extended) {
            // §5.3.1.3; on type 3 chunks the field repeats when the stream's last header used it.
            if (readable < pos + 4) {
                return null;
            }
            long ext = in.getUnsignedInt(start + pos);
            pos += 4;
            if (fmt <= 2) {
                tsField = ext;
            }
        }
        int msgLength = fmt <= 1 ? length : cs.length;
        if (msgLength > maxMessageLength) {
            throw RtmpException.overLimit("message of " + msgLength + " bytes on chunk stream " + csid
                    + " exceeds the limit of " + maxMessageLength);
        }
        int already = continuation ? cs.filled : 0;
        int payloadLen = Math.min(chunkSize, msgLength - already);
        if (readable < pos + payloadLen) {
            return null;
        }
        // The whole chunk is here: commit the header state.
        if (cs == null) {
            if (streamCount >= maxChunkStreams) {
                throw RtmpException.overLimit("more than " + maxChunkStreams + " chunk streams");
            }
            cs = new ChunkStream();
            if (csid < inline.length) {
                inline[csid] = cs;
            } else {
                wide.put(csid, cs);
            }
            streamCount++;
        }
        if (!continuation) {
            switch (fmt) {
                case 0 -> {
                    cs.timestamp = tsField;
                    cs.delta = 0;
                    cs.length = length;
                    cs.typeId = typeId;
                    cs.streamId = streamId;
                }
                case 1 -> {
                    cs.delta = tsField;
                    cs.timestamp = (cs.timestamp + tsField) & 0xFFFFFFFFL;
                    cs.length = length;
                    cs.typeId = typeId;
                }
                case 2 -> {
                    cs.delta = tsField;
                    cs.timestamp = (cs.timestamp + tsField) & 0xFFFFFFFFL;
                }
                default -> cs.timestamp = (cs.timestamp + cs.delta) & 0xFFFFFFFFL;
            }
            cs.extended = extended;
            if (partialBytes + msgLength > 2L * maxMessageLength) {
                throw RtmpException.overLimit("incomplete messages on " + streamCount + " chunk streams hold more than "
                        + 2L * maxMessageLength + " bytes");
            }
            cs.partial = new byte[msgLength];
            cs.filled = 0;
            partialBytes += msgLength;
        }
        in.getBytes(start + pos, cs.partial, cs.filled, payloadLen);
        cs.filled += payloadLen;
        in.readerIndex(start + pos + payloadLen);
        if (cs.filled < cs.length) {
            return null;
        }
        byte[] payload = cs.partial;
        cs.partial = null;
        partialBytes -= payload.length;
        RtmpMessage m = new RtmpMessage(csid, cs.typeId, cs.streamId, cs.timestamp, payload);
        applyControl(m);
        return m;
    }

    private ChunkStream stream(int csid) {
        return csid >= 0 && csid < inline.length ? inline[csid] : wide.get(csid);
    }

    /** Set Chunk Size and Abort change how the following chunks parse, so they act here, not in the handler. */
    private void applyControl(RtmpMessage m) {
        if (m.typeId() == RtmpMessage.SET_CHUNK_SIZE) {
            long size = m.u32(0);
            // §5.4.1: 1..2^31-1 with the top bit zero; the cap bounds how much one chunk can make us wait for.
            if ((size & 0x80000000L) != 0 || size < 1) {
                throw RtmpException.malformed("chunk size " + size + " outside 1..2^31-1");
            }
            if (size > maxChunkSize) {
                throw RtmpException.overLimit("chunk size " + size + " outside 1.." + maxChunkSize);
            }
            chunkSize = (int) size;
        } else if (m.typeId() == RtmpMessage.ABORT) {
            long id = m.u32(0);
            ChunkStream cs = id <= Integer.MAX_VALUE ? stream((int) id) : null;
            if (cs != null && cs.partial != null) {
                partialBytes -= cs.partial.length;
                cs.partial = null;
            }
        }
    }
}
