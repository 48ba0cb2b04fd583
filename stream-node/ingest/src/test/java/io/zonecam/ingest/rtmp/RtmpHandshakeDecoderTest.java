package io.zonecam.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.testing.NettyLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The plain RTMP handshake (RTMP 1.0 §5.2): C0+C1 → S0+S1+S2, C2, then chunk data flows on. */
@ExtendWith(NettyLeakCheck.class)
class RtmpHandshakeDecoderTest {

    /** Collects what passes the handshake decoder once it has removed itself. */
    static final class Collector extends ChannelInboundHandlerAdapter {
        final List<Byte> bytes = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            while (b.isReadable()) {
                bytes.add(b.readByte());
            }
            b.release();
        }
    }

    @Test
    void answersC0C1WithS0S1S2EchoingC1AndPassesBytesAfterC2On() {
        AtomicBoolean done = new AtomicBoolean();
        Collector next = new Collector();
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpHandshakeDecoder(() -> done.set(true)), next);
        byte[] c1 = new byte[1536];
        c1[0] = 0x00;
        c1[1] = 0x00;
        c1[2] = 0x12;
        c1[3] = 0x34; // C1 time = 0x1234
        // bytes 4..7: zero (a digest-handshake client would put its version here; ignored)
        for (int i = 8; i < c1.length; i++) {
            c1[i] = (byte) (i * 31);
        }
        ByteBuf c0c1 = Unpooled.buffer();
        c0c1.writeByte(3); // C0: version 3
        c0c1.writeBytes(c1);
        ch.writeInbound(c0c1);

        ByteBuf s = ch.readOutbound();
        assertThat(s.readableBytes()).isEqualTo(1 + 1536 + 1536);
        assertThat(s.getByte(0)).isEqualTo((byte) 3); // S0 version
        assertThat(s.getInt(1)).isZero(); // S1 time
        assertThat(s.getInt(5)).isZero(); // S1 zero: tells clients to skip digest checks
        assertThat(s.getInt(1 + 1536)).isEqualTo(0x1234); // S2 time = C1 time
        byte[] s2random = new byte[1528];
        s.getBytes(1 + 1536 + 8, s2random);
        byte[] c1random = new byte[1528];
        System.arraycopy(c1, 8, c1random, 0, 1528);
        assertThat(s2random).isEqualTo(c1random); // S2 random echo = C1 random
        s.release();
        assertThat(done).isFalse();

        // C2 (content not checked) followed by the first chunk bytes in the same segment.
        ByteBuf c2 = Unpooled.buffer();
        c2.writeBytes(new byte[1536]);
        c2.writeBytes(new byte[] {0x02, 0x00, 0x00});
        ch.writeInbound(c2);
        assertThat(done).isTrue();
        assertThat(ch.pipeline().get(RtmpHandshakeDecoder.class)).isNull();
        assertThat(next.bytes).containsExactly((byte) 2, (byte) 0, (byte) 0);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void refusesAnyVersionButThreeAtTheFirstByte() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpHandshakeDecoder(() -> {}));
        // 6 = RTMPE (encrypted); refused before 1536 bytes are buffered
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {6})))
                .hasMessageContaining("version 6 is not 3");
        ch.finishAndReleaseAll();
    }
}
