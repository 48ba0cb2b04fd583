package io.zonecam.sim.publish;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RtmpClientHandshake performs the client side of the plain RTMP handshake (RTMP 1.0 §5.2): it sends C0+C1 when the
 * connection opens, reads S0+S1+S2, answers C2 (an echo of S1 with our read time, §5.2.4), then removes itself so
 * the bytes that follow reach the chunk decoder.
 */
final class RtmpClientHandshake extends ByteToMessageDecoder {

    static final int VERSION = 3;
    static final int SIZE = 1536;

    private final Runnable onComplete;
    private final long startMillis = System.currentTimeMillis();

    RtmpClientHandshake(Runnable onComplete) {
        this.onComplete = onComplete;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ByteBuf c0c1 = ctx.alloc().buffer(1 + SIZE);
        c0c1.writeByte(VERSION);
        c0c1.writeInt(0); // time: our epoch starts now
        c0c1.writeInt(0); // zero: the plain handshake, no digest
        byte[] random = new byte[SIZE - 8];
        ThreadLocalRandom.current().nextBytes(random);
        c0c1.writeBytes(random);
        ctx.writeAndFlush(c0c1);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 1 + 2 * SIZE) {
            return;
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new DecoderException("RTMP server answered version " + version);
        }
        ByteBuf c2 = ctx.alloc().buffer(SIZE);
        c2.writeInt(in.getInt(in.readerIndex())); // S1 time
        c2.writeInt((int) (System.currentTimeMillis() - startMillis)); // time2: when S1 was read
        c2.writeBytes(in, in.readerIndex() + 8, SIZE - 8); // S1 random echo
        in.skipBytes(2 * SIZE); // S1 and S2 (S2 echoes our C1; nothing to check that TCP does not already prove)
        ctx.writeAndFlush(c2);
        onComplete.run();
        ctx.pipeline().remove(this);
    }
}
