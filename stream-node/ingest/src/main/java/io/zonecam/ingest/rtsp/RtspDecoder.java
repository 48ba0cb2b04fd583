package io.zonecam.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RtspDecoder splits an RTSP connection's byte stream into {@link RtspRequest}s and {@link InterleavedFrame}s
 * (RFC 2326 §10.12: a {@code $}, a channel byte and a 16-bit length before each binary packet).
 *
 * <p>Limits are strict and checked before waiting for more input, so a peer can never make the decoder buffer more
 * than one header block plus one capped body: request line length, header line length, header count, header block
 * size and Content-Length. A violation produces one {@link RtspDecodeFailure} and the decoder then discards all
 * further input; it never throws.
 */
public final class RtspDecoder extends ByteToMessageDecoder {

    /**
     * Limits bounds what one request may hold.
     *
     * @param maxRequestLine     bytes in the request line, URI included (tokens make URIs long)
     * @param maxHeaderLine      bytes in one header line
     * @param maxHeaders         header fields per request
     * @param maxHeaderBlock     bytes from the request line through the blank line
     * @param maxContentLength   body bytes (an SDP is a few hundred)
     */
    public record Limits(
            int maxRequestLine, int maxHeaderLine, int maxHeaders, int maxHeaderBlock, int maxContentLength) {
        public Limits {
            if (maxRequestLine < 64
                    || maxHeaderLine < 64
                    || maxHeaders < 4
                    || maxHeaderBlock < maxRequestLine
                    || maxContentLength < 0) {
                throw new IllegalArgumentException("invalid RTSP limits");
            }
        }

        /** Defaults generous for cameras and ffmpeg, tight for abuse. */
        public static Limits defaults() {
            return new Limits(8192, 8192, 64, 32 * 1024, 64 * 1024);
        }
    }

    private final Limits limits;
    private boolean failed;
    /** Bytes of the current header block already scanned for its end, so slow senders cost linear time. */
    private int scanned;

    public RtspDecoder(Limits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (failed) {
                in.skipBytes(in.readableBytes());
                return;
            }
            int start = in.readerIndex();
            int first = in.getUnsignedByte(start);
            if (first == '$') {
                if (in.readableBytes() < 4) {
                    return;
                }
                int channel = in.getUnsignedByte(start + 1);
                int length = in.getUnsignedShort(start + 2);
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                byte[] data = new byte[length];
                in.getBytes(start + 4, data);
                in.skipBytes(4 + length);
                out.add(new InterleavedFrame(channel, data));
                continue;
            }
            if (first == '\r' || first == '\n') {
                in.skipBytes(1); // stray line ends between messages are tolerated (RFC 2326 §4.1 robustness)
                continue;
            }
            Object m = decodeRequest(in);
            if (m == null) {
                return;
            }
            out.add(m);
            if (m instanceof RtspDecodeFailure) {
                failed = true;
            }
        }
    }

    private Object decodeRequest(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        // The request line must end early: this catches binary garbage and slow-loris lines without waiting.
        int firstLf = indexOf(in, start, Math.min(readable, limits.maxRequestLine() + 2), (byte) '\n');
        if (firstLf < 0) {
            if (readable > limits.maxRequestLine() + 1) {
                return new RtspDecodeFailure(
                        RtspStatus.REQUEST_URI_TOO_LARGE,
                        "request line longer than " + limits.maxRequestLine() + " bytes");
            }
            return checkPrintable(in, start, readable);
        }
        int end = findHeaderEnd(in, start, readable);
        if (end < 0) {
            if (readable >= limits.maxHeaderBlock()) {
                return new RtspDecodeFailure(
                        RtspStatus.REQUEST_ENTITY_TOO_LARGE,
                        "request header block larger than " + limits.maxHeaderBlock() + " bytes");
            }
            return null;
        }
        String block = in.toString(start, end - start, StandardCharsets.UTF_8);
        String[] lines = block.split("\r?\n", -1);
        Object parsed = parseHead(lines);
        if (parsed instanceof RtspDecodeFailure) {
            return parsed;
        }
        RtspRequest head = (RtspRequest) parsed;
        int bodyLength = 0;
        String cl = head.headers().get("Content-Length");
        if (cl != null) {
            try {
                bodyLength = Integer.parseInt(cl.trim());
            } catch (NumberFormatException e) {
                return new RtspDecodeFailure(RtspStatus.BAD_REQUEST, "Content-Length is not a number: " + clip(cl));
            }
            if (bodyLength < 0) {
                return new RtspDecodeFailure(RtspStatus.BAD_REQUEST, "negative Content-Length");
            }
            if (bodyLength > limits.maxContentLength()) {
                return new RtspDecodeFailure(
                        RtspStatus.REQUEST_ENTITY_TOO_LARGE,
                        "Content-Length " + bodyLength + " exceeds the limit of " + limits.maxContentLength());
            }
        }
        int headerEnd = end + terminatorLength(in, end);
        if (in.writerIndex() - headerEnd < bodyLength) {
            return null; // wait for the body; the header block is re-parsed then, which is cheap and bounded
        }
        byte[] body = new byte[bodyLength];
        in.getBytes(headerEnd, body);
        in.readerIndex(headerEnd + bodyLength);
        scanned = 0;
        return new RtspRequest(head.method(), head.uri(), head.version(), head.headers(), body);
    }

    /** Index where the blank line after the headers starts, or -1 when not yet received. */
    private int findHeaderEnd(ByteBuf in, int start, int readable) {
        int limit = Math.min(readable, limits.maxHeaderBlock() + 4);
        int from = Math.max(0, scanned - 3);
        for (int i = from; i < limit; i++) {
            if (in.getByte(start + i) != '\n') {
                continue;
            }
            // "\n\n" or "\n\r\n" ends the block.
            if (i + 1 < limit && in.getByte(start + i + 1) == '\n') {
                return start + i + 1;
            }
            if (i + 2 < limit && in.getByte(start + i + 1) == '\r' && in.getByte(start + i + 2) == '\n') {
                return start + i + 1;
            }
        }
        scanned = Math.max(0, limit - 2);
        return -1;
    }

    private static int terminatorLength(ByteBuf in, int end) {
        return in.getByte(end) == '\r' ? 2 : 1;
    }

    private Object parseHead(String[] lines) {
        String requestLine = stripCr(lines[0]);
        if (requestLine.length() > limits.maxRequestLine()) {
            return new RtspDecodeFailure(
                    RtspStatus.REQUEST_URI_TOO_LARGE, "request line longer than " + limits.maxRequestLine() + " bytes");
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return new RtspDecodeFailure(
                    RtspStatus.BAD_REQUEST, "request line is not 'METHOD URI RTSP/1.0': " + clip(requestLine));
        }
        if (!isToken(parts[0])) {
            return new RtspDecodeFailure(RtspStatus.BAD_REQUEST, "method is not a token: " + clip(parts[0]));
        }
        if (!parts[2].equals("RTSP/1.0")) {
            if (parts[2].startsWith("RTSP/")) {
                return new RtspDecodeFailure(
                        RtspStatus.RTSP_VERSION_NOT_SUPPORTED, "only RTSP/1.0 is supported, not " + clip(parts[2]));
            }
            return new RtspDecodeFailure(RtspStatus.BAD_REQUEST, "not an RTSP request: " + clip(requestLine));
        }
        RtspHeaders headers = new RtspHeaders();
        for (int i = 1; i < lines.length; i++) {
            String line = stripCr(lines[i]);
            if (line.isEmpty()) {
                continue; // the terminating blank line
            }
            if (line.length() > limits.maxHeaderLine()) {
                return new RtspDecodeFailure(
                        RtspStatus.REQUEST_ENTITY_TOO_LARGE,
                        "header line longer than " + limits.maxHeaderLine() + " bytes");
            }
            if (headers.size() >= limits.maxHeaders()) {
                return new RtspDecodeFailure(
                        RtspStatus.REQUEST_ENTITY_TOO_LARGE, "more than " + limits.maxHeaders() + " header fields");
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                return new RtspDecodeFailure(RtspStatus.BAD_REQUEST, "folded header lines are not accepted");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                return new RtspDecodeFailure(RtspStatus.BAD_REQUEST, "malformed header line: " + clip(line));
            }
            headers.add(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return new RtspRequest(parts[0], parts[1], parts[2], headers, new byte[0]);
    }

    /** Before a whole line arrived: refuse input that cannot be RTSP text (binary garbage, TLS hellos). */
    private static Object checkPrintable(ByteBuf in, int start, int readable) {
        for (int i = 0; i < readable; i++) {
            int b = in.getUnsignedByte(start + i);
            if (b < 0x20 && b != '\r' && b != '\t' || b == 0x7F) {
                return new RtspDecodeFailure(
                        RtspStatus.BAD_REQUEST,
                        "binary data where an RTSP request line was expected (byte 0x" + Integer.toHexString(b) + ")");
            }
        }
        return null;
    }

    private static int indexOf(ByteBuf in, int start, int length, byte b) {
        int i = in.indexOf(start, start + length, b);
        return i < 0 ? -1 : i;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static String clip(String s) {
        String t = s.length() <= 100 ? s : s.substring(0, 100) + "…";
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return sb.toString();
    }
}
