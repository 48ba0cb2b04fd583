package io.zonecam.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.media.sdp.SessionDescription;
import io.zonecam.testing.NettyLeakCheck;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RTSP request and interleaved-frame decoding, including ffmpeg's exact publish requests and every limit. */
@ExtendWith(NettyLeakCheck.class)
class RtspDecoderTest {

    /** ffmpeg 5.1 (Lavf59.27.100) publishing H.264 High + AAC with -f rtsp -rtsp_transport tcp, captured verbatim. */
    static final String FFMPEG_OPTIONS = ""
            + "OPTIONS rtsp://127.0.0.1:18554/live/cam-1?token=abc.def RTSP/1.0\r\n"
            + "CSeq: 1\r\n"
            + "User-Agent: Lavf59.27.100\r\n"
            + "\r\n";

    static final String FFMPEG_SDP = ""
            + "v=0\r\n"
            + "o=- 0 0 IN IP4 127.0.0.1\r\n"
            + "s=No Name\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "a=tool:libavformat LIBAVFORMAT_VERSION\r\n"
            + "m=video 0 RTP/AVP 96\r\n"
            + "a=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z01ADeygoP2AiAAAAwAIAAADAZB4oUyw,aM4PyA==; "
            + "profile-level-id=4D400D\r\n"
            + "a=control:streamid=0\r\n"
            + "m=audio 0 RTP/AVP 97\r\n"
            + "b=AS:69\r\n"
            + "a=rtpmap:97 MPEG4-GENERIC/44100/1\r\n"
            + "a=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3; "
            + "config=120856E500\r\n"
            + "a=control:streamid=1\r\n";
    static final String FFMPEG_ANNOUNCE = ""
            + "ANNOUNCE rtsp://127.0.0.1:18554/live/cam-1?token=abc.def RTSP/1.0\r\n"
            + "Content-Type: application/sdp\r\n"
            + "CSeq: 2\r\n"
            + "User-Agent: Lavf59.27.100\r\n"
            + "Content-Length: 495\r\n"
            + "\r\n"
            + FFMPEG_SDP;

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new RtspDecoder(RtspDecoder.Limits.defaults()));
    }

    private static EmbeddedChannel channel(RtspDecoder.Limits limits) {
        return new EmbeddedChannel(new RtspDecoder(limits));
    }

    /** Small limits: 100-byte lines and body, 8 header fields, a 1000-byte header block. */
    private static final RtspDecoder.Limits SMALL = new RtspDecoder.Limits(100, 100, 8, 1000, 100);

    /** The failure a decoder with default limits answers {@code input} with; nothing else comes out. */
    private static RtspDecodeFailure refusal(String input) {
        return refusal(RtspDecoder.Limits.defaults(), input);
    }

    /** The failure a decoder with {@code limits} answers {@code input} with; nothing else comes out. */
    private static RtspDecodeFailure refusal(RtspDecoder.Limits limits, String input) {
        EmbeddedChannel ch = channel(limits);
        ch.writeInbound(Unpooled.wrappedBuffer(ascii(input)));
        RtspDecodeFailure f = ch.readInbound();
        assertThat(ch.finish()).isFalse();
        return f;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesFfmpegOptionsAndAnnounceExactly() {
        assertThat(FFMPEG_SDP.length()).isEqualTo(495);
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(ascii(FFMPEG_OPTIONS + FFMPEG_ANNOUNCE)));

        RtspRequest options = ch.readInbound();
        assertThat(options.method()).isEqualTo("OPTIONS");
        assertThat(options.uri()).isEqualTo("rtsp://127.0.0.1:18554/live/cam-1?token=abc.def");
        assertThat(options.cseq()).isEqualTo("1");
        assertThat(options.body()).isEmpty();

        RtspRequest announce = ch.readInbound();
        assertThat(announce.method()).isEqualTo("ANNOUNCE");
        assertThat(announce.headers().get("content-type")).isEqualTo("application/sdp");
        assertThat(announce.cseq()).isEqualTo("2");
        assertThat(announce.bodyText()).isEqualTo(FFMPEG_SDP);
        SessionDescription sdp = SessionDescription.parse(announce.bodyText());
        assertThat(sdp.media()).hasSize(2);
        assertThat(sdp.media().get(0).control()).contains("streamid=0");
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void decodesARequestDeliveredOneByteAtATime() {
        EmbeddedChannel ch = channel();
        for (byte b : ascii(FFMPEG_ANNOUNCE)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        RtspRequest announce = ch.readInbound();
        assertThat(announce.body()).hasSize(495);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void splitsInterleavedFramesFromRequestsOnTheSameConnection() {
        byte[] frame = {
            '$', // magic (RFC 2326 §10.12)
            0x02, // channel 2
            0x00,
            0x05, // length 5
            (byte) 0x80,
            0x60,
            0x00,
            0x01,
            0x7F // five payload bytes
        };
        byte[] keepAlive = ascii("GET_PARAMETER rtsp://h/live/c RTSP/1.0\r\nCSeq: 7\r\nSession: 12ab\r\n\r\n");
        byte[] empty = {'$', 0x03, 0x00, 0x00}; // zero-length RTCP frame on channel 3
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(frame, keepAlive, empty));
        InterleavedFrame f = ch.readInbound();
        assertThat(f.channel()).isEqualTo(2);
        assertThat(f.data()).containsExactly(0x80, 0x60, 0x00, 0x01, 0x7F);
        RtspRequest r = ch.readInbound();
        assertThat(r.method()).isEqualTo("GET_PARAMETER");
        assertThat(r.headers().get("SESSION")).isEqualTo("12ab");
        InterleavedFrame rtcp = ch.readInbound();
        assertThat(rtcp.channel()).isEqualTo(3);
        assertThat(rtcp.data()).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void waitsForTheWholeInterleavedFrame() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'$', 0, 0x00, 0x03, 1, 2}));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}));
        InterleavedFrame f = ch.readInbound();
        assertThat(f.data()).containsExactly(1, 2, 3);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void acceptsBareLineFeedsAndStrayBlankLinesBetweenRequests() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("\r\nOPTIONS * RTSP/1.0\nCSeq: 3\n\n")));
        RtspRequest r = ch.readInbound();
        assertThat(r.uri()).isEqualTo("*");
        assertThat(r.cseq()).isEqualTo("3");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void refusesARequestLineOverTheLimitWithoutWaitingForItsEnd() {
        EmbeddedChannel ch = channel(SMALL);
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("OPTIONS rtsp://h/" + "a".repeat(200))));
        RtspDecodeFailure f = ch.readInbound();
        assertThat(f.status()).isEqualTo(RtspStatus.REQUEST_URI_TOO_LARGE);
        // Everything after a failure is discarded, even a valid request.
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("\r\nOPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void refusesTooManyHeaderFields() {
        StringBuilder sb = new StringBuilder("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n");
        for (int i = 0; i < 10; i++) {
            sb.append("X-").append(i).append(": v\r\n");
        }
        RtspDecodeFailure f = refusal(SMALL, sb.append("\r\n").toString());
        assertThat(f.status()).isEqualTo(RtspStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(f.reason()).contains("more than 8 header fields");
    }

    @Test
    void refusesAHeaderBlockThatNeverEnds() {
        EmbeddedChannel ch = channel(new RtspDecoder.Limits(100, 100, 1000, 1000, 100));
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("OPTIONS * RTSP/1.0\r\n")));
        for (int i = 0; i < 60 && ch.inboundMessages().isEmpty(); i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(ascii("X-Pad: 0123456789\r\n")));
        }
        RtspDecodeFailure f = ch.readInbound();
        assertThat(f.status()).isEqualTo(RtspStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(f.reason()).contains("header block larger than 1000");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void refusesAHeaderLineOverTheLimit() {
        RtspDecodeFailure f = refusal(SMALL, "OPTIONS * RTSP/1.0\r\nX-Long: " + "b".repeat(150) + "\r\n\r\n");
        assertThat(f.reason()).contains("header line longer than 100");
    }

    @Test
    void refusesAContentLengthOverTheCapBeforeReadingTheBody() {
        RtspDecodeFailure f =
                refusal(SMALL, "ANNOUNCE rtsp://h/live/c RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 1000000\r\n\r\n");
        assertThat(f.status()).isEqualTo(RtspStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(f.reason()).contains("Content-Length 1000000 exceeds the limit of 100");
    }

    @Test
    void refusesMalformedContentLength() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("ANNOUNCE x RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 12a\r\n\r\n")));
        RtspDecodeFailure f = ch.readInbound();
        assertThat(f.status()).isEqualTo(RtspStatus.BAD_REQUEST);
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("x")));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void refusesOtherProtocolVersionsAndNonRtspText() {
        assertThat(refusal("OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n").status())
                .isEqualTo(RtspStatus.RTSP_VERSION_NOT_SUPPORTED);
        assertThat(refusal("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(RtspStatus.BAD_REQUEST);
    }

    @Test
    void refusesBinaryGarbageAtOnce() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00})); // a TLS ClientHello
        RtspDecodeFailure f = ch.readInbound();
        assertThat(f.reason()).contains("binary data");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void refusesFoldedAndNamelessHeaderLines() {
        assertThat(refusal("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n  more\r\n\r\n").reason())
                .contains("folded");
        assertThat(refusal("OPTIONS * RTSP/1.0\r\n: v\r\n\r\n").reason()).contains("malformed header line");
    }

    @Test
    void refusesAMalformedRequestLine() {
        assertThat(refusal("OPTIONS  RTSP/1.0 extra\r\n\r\n").reason()).contains("request line");
    }
}
