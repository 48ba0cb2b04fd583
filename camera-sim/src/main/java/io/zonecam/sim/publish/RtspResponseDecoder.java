package io.zonecam.sim.publish;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RtspResponseDecoder reads what an RTSP server sends a publishing client: responses (RFC 2326 §7: status line,
 * headers, optional body sized by Content-Length) and interleaved binary frames (§10.12: {@code $}, channel, 16-bit
 * length), which a publisher has no use for (RTCP receiver reports) and skips.
 *
 * <p>Bounded: a header block over 16 KiB or a body over 64 KiB closes the connection.
 */
final class RtspResponseDecoder extends ByteToMessageDecoder {

    static final int MAX_HEADER = 16 * 1024;
    static final int MAX_BODY = 64 * 1024;

    /**
     * Response is one decoded RTSP response.
     *
     * @param status  status code
     * @param reason  reason phrase
     * @param headers headers by case-insensitive name (the first of repeated names)
     * @param body    the body as text, empty when there is none
     */
    record Response(int status, String reason, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            if (in.getByte(start) == '$') {
                if (in.readableBytes() < 4) {
                    return;
                }
                int len = in.getUnsignedShort(start + 2);
                if (in.readableBytes() < 4 + len) {
                    return;
                }
                in.skipBytes(4 + len);
                continue;
            }
            int end = headerEnd(in);
            if (end < 0) {
                if (in.readableBytes() > MAX_HEADER) {
                    throw new DecoderException("RTSP response header longer than " + MAX_HEADER + " bytes");
                }
                return;
            }
            String head = in.toString(start, end - start, StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String[] lines = head.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("RTSP/")) {
                throw new DecoderException("not an RTSP response: " + lines[0]);
            }
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                throw new DecoderException("bad RTSP status line: " + lines[0]);
            }
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(
                            lines[i].substring(0, colon).trim(),
                            lines[i].substring(colon + 1).trim());
                }
            }
            int bodyLength = 0;
            String cl = headers.get("Content-Length");
            if (cl != null) {
                try {
                    bodyLength = Integer.parseInt(cl.trim());
                } catch (NumberFormatException e) {
                    throw new DecoderException("bad Content-Length: " + cl);
                }
                if (bodyLength < 0 || bodyLength > MAX_BODY) {
                    throw new DecoderException("RTSP response body of " + bodyLength + " bytes is over the limit");
                }
            }
            int total = end + 4 - start + bodyLength;
            if (in.readableBytes() < total) {
                return;
            }
            String body = in.toString(end + 4, bodyLength, StandardCharsets.UTF_8);
            in.skipBytes(total);
            out.add(new Response(status, statusLine.length > 2 ? statusLine[2] : "", headers, body));
        }
    }

    /** Index of the CRLFCRLF that ends the header block, or -1. */
    private static int headerEnd(ByteBuf in) {
        int limit = in.writerIndex() - 3;
        for (int i = in.readerIndex(); i < limit; i++) {
            if (in.getByte(i) == '\r'
                    && in.getByte(i + 1) == '\n'
                    && in.getByte(i + 2) == '\r'
                    && in.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
