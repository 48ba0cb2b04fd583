package io.zonecam.sim.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtspResponseDecoderTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void skipsInterleavedFramesAndReassemblesASplitResponseWithBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspResponseDecoder());
        // '$', channel 1, length 4, then 4 bytes of RTCP the publisher does not need (RFC 2326 §10.12)
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'$', 1, 0, 4, 1, 2}));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 4}));
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("RTSP/1.0 403 Forbidden\r\nCSeq: 2\r\ncontent-length: 9\r\n")));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("\r\nbad token")));
        RtspResponseDecoder.Response r = ch.readInbound();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.reason()).isEqualTo("Forbidden");
        assertThat(r.header("CSeq")).isEqualTo("2");
        assertThat(r.body()).isEqualTo("bad token");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void refusesAHeaderBlockOverTheLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspResponseDecoder());
        byte[] junk = new byte[RtspResponseDecoder.MAX_HEADER + 1];
        java.util.Arrays.fill(junk, (byte) 'a');
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(junk))).isInstanceOf(DecoderException.class);
    }

    @Test
    void refusesSomethingThatIsNotAnRtspResponse() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspResponseDecoder());
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(ascii("HTTP/1.1 200 OK\r\n\r\n"))))
                .isInstanceOf(DecoderException.class)
                .hasMessageContaining("not an RTSP response");
    }
}
