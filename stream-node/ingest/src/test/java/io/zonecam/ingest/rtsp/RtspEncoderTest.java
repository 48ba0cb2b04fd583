package io.zonecam.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.testing.NettyLeakCheck;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RTSP response encoding. */
@ExtendWith(NettyLeakCheck.class)
class RtspEncoderTest {

    private static String encode(RtspResponse r) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspEncoder());
        ch.writeOutbound(r);
        ByteBuf out = ch.readOutbound();
        try {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
            ch.finish();
        }
    }

    @Test
    void writesStatusLineHeadersAndNoContentLengthWithoutBody() {
        RtspResponse r = RtspResponse.of(RtspStatus.OK)
                .header("CSeq", "3")
                .header("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1;mode=record")
                .header("Session", "0123456789abcdef;timeout=60");
        assertThat(encode(r))
                .isEqualTo("RTSP/1.0 200 OK\r\n"
                        + "CSeq: 3\r\n"
                        + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n"
                        + "Session: 0123456789abcdef;timeout=60\r\n"
                        + "\r\n");
    }

    @Test
    void writesContentLengthInBytesForATextBody() {
        RtspResponse r = RtspResponse.withText(RtspStatus.UNAUTHORIZED, "text/plain; charset=utf-8", "nö\r\n")
                .header("CSeq", "2")
                .header("WWW-Authenticate", "Basic realm=\"zonecam\"");
        assertThat(encode(r))
                .isEqualTo("RTSP/1.0 401 Unauthorized\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "CSeq: 2\r\n"
                        + "WWW-Authenticate: Basic realm=\"zonecam\"\r\n"
                        + "Content-Length: 5\r\n"
                        + "\r\n"
                        + "nö\r\n");
    }

    @Test
    void neutralisesLineBreaksInHeaderValues() {
        RtspResponse r = RtspResponse.of(RtspStatus.BAD_REQUEST).header("CSeq", "1\r\nX-Injected: yes");
        assertThat(encode(r)).isEqualTo("RTSP/1.0 400 Bad Request\r\nCSeq: 1  X-Injected: yes\r\n\r\n");
    }
}
