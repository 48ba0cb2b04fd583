package io.zonecam.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RtmpHandshakeDecoder performs the server side of the plain RTMP handshake (RTMP 1.0 §5.2): it reads C0+C1, answers
 * S0+S1+S2 at once, reads C2, then removes itself so the bytes that follow reach the chunk decoder.
 *
 * <p>S1 carries a zero version field, which tells clients such as ffmpeg and OBS to skip the digest ("complex")
 * handshake checks. C2 is not verified: it proves nothing a TCP connection does not already prove.
 */
public final class RtmpHandshakeDecoder extends ByteToMessageDecoder {

    static final int VERSION = 3;
    static final int HANDSHAKE_SIZE = 1536;

    private boolean sentS0S1S2;
    private final Runnable onComplete;

    /** {@code onComplete} runs on the I/O thread once C2 arrived, before the decoder removes itself. */
    public RtmpHandshakeDecoder(Runnable onComplete) {
        this.onComplete = onComplete;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!sentS0S1S2) {
            if (in.readableBytes() < 1 + HANDSHAKE_SIZE) {
                checkVersion(in);
                return;
            }
            checkVersion(in);
            in.skipBytes(1);
            long clientTime = in.getUnsignedInt(in.readerIndex());
            ByteBuf reply = ctx.alloc().buffer(1 + 2 * HANDSHAKE_SIZE);
            reply.writeByte(VERSION);
            // S1: time, zero, random (§5.2.3).
            reply.writeInt(0);
            reply.writeInt(0);
            byte[] random = new byte[HANDSHAKE_SIZE - 8];
            ThreadLocalRandom.current().nextBytes(random);
            reply.writeBytes(random);
            // S2: echo of C1 with time2 = when we read it (§5.2.4).
            reply.writeInt((int) clientTime);
            reply.writeInt((int) (System.currentTimeMillis() & 0xFFFFFFFFL));
            reply.writeBytes(in, in.readerIndex() + 8, HANDSHAKE_SIZE - 8);
            in.skipBytes(HANDSHAKE_SIZE);
            ctx.writeAndFlush(reply);
            sentS0S1S2 = true;
        }
        if (in.readableBytes() < HANDSHAKE_SIZE) {
            return;
        }
        in.skipBytes(HANDSHAKE_SIZE);
        onComplete.run();
        ctx.pipeline().remove(this);
    }

    private static void checkVersion(ByteBuf in) {
        if (in.isReadable()) {
            int v = in.getUnsignedByte(in.readerIndex());
            if (v != VERSION) {
                in.skipBytes(in.readableBytes());
                // 6 would be RTMPE (encrypted), anything else is not RTMP at all.
                throw RtmpException.malformed("RTMP handshake version " + v + " is not 3");
            }
        }
    }
}
