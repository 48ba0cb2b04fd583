package io.zonecam.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * RtspEncoder writes {@link RtspResponse}s (RFC 2326 §7): status line, header fields, Content-Length when there is a
 * body, blank line, body. Header values are written as given; CR and LF are replaced so a value taken from a request
 * can never split the response.
 */
public final class RtspEncoder extends MessageToByteEncoder<RtspResponse> {

    public RtspEncoder() {
        super(RtspResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtspResponse r, ByteBuf out) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("RTSP/1.0 ")
                .append(r.status().code())
                .append(' ')
                .append(r.status().reason())
                .append("\r\n");
        for (RtspHeaders.Header h : r.headers().all()) {
            if (h.name().equalsIgnoreCase("Content-Length")) {
                continue;
            }
            sb.append(safe(h.name())).append(": ").append(safe(h.value())).append("\r\n");
        }
        if (r.body().length > 0) {
            sb.append("Content-Length: ").append(r.body().length).append("\r\n");
        }
        sb.append("\r\n");
        out.writeCharSequence(sb, StandardCharsets.UTF_8);
        out.writeBytes(r.body());
    }

    private static String safe(String s) {
        return s.indexOf('\r') < 0 && s.indexOf('\n') < 0
                ? s
                : s.replace('\r', ' ').replace('\n', ' ');
    }
}
