package io.zonecam.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

    /** The SDP ffmpeg 5.1 sends in its RTSP ANNOUNCE for libx264 High + AAC (captured from a real push). */
    static final String FFMPEG_ANNOUNCE = """
            v=0\r
            o=- 0 0 IN IP4 127.0.0.1\r
            s=No Name\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            a=tool:libavformat LIBAVFORMAT_VERSION\r
            m=video 0 RTP/AVP 96\r
            a=rtpmap:96 H264/90000\r
            a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z2QADazZQUH7ARAAAAMAEAAAAwMg8UKZYA==,aOvjyyLA; profile-level-id=64000D\r
            a=control:streamid=0\r
            m=audio 0 RTP/AVP 97\r
            b=AS:128\r
            a=rtpmap:97 MPEG4-GENERIC/44100/2\r
            a=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3; config=121056E500\r
            a=control:streamid=1\r
            """;

    /** The SDP ffmpeg 5.1 sends in its RTSP ANNOUNCE for libx265. */
    static final String FFMPEG_ANNOUNCE_H265 = """
            v=0
            o=- 0 0 IN IP4 127.0.0.1
            s=No Name
            c=IN IP4 127.0.0.1
            t=0 0
            a=tool:libavformat LIBAVFORMAT_VERSION
            m=video 0 RTP/AVP 96
            a=rtpmap:96 H265/90000
            a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwA8lZgJ; sprop-sps=QgEBAWAAAAMAkAAAAwAAAwA8oAoIDxZZWaSTK8BaAgAAAwACAAADADIQ; sprop-pps=RAHBcrRiQA==
            a=control:streamid=0
            """;

    /** A Chrome WebRTC offer for a receive-only viewer (abridged to one audio and one video section). */
    static final String CHROME_OFFER = """
            v=0\r
            o=- 4611731400430051336 2 IN IP4 127.0.0.1\r
            s=-\r
            t=0 0\r
            a=group:BUNDLE 0 1\r
            a=extmap-allow-mixed\r
            a=msid-semantic: WMS\r
            m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r
            c=IN IP4 0.0.0.0\r
            a=rtcp:9 IN IP4 0.0.0.0\r
            a=ice-ufrag:Hx9a\r
            a=ice-pwd:7aIvLxqAqPyb5kD5hq0e3yTm\r
            a=ice-options:trickle\r
            a=fingerprint:sha-256 1F:AE:31:6E:2A:57:8C:9B:0D:41:57:3A:55:BB:1E:4E:1E:C6:86:6A:2E:37:6F:C1:9A:3B:83:2C:8D:34:91:0A\r
            a=setup:actpass\r
            a=mid:0\r
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r
            a=recvonly\r
            a=rtcp-mux\r
            a=rtpmap:111 opus/48000/2\r
            a=rtcp-fb:111 transport-cc\r
            a=fmtp:111 minptime=10;useinbandfec=1\r
            a=rtpmap:63 red/48000/2\r
            a=fmtp:63 111/111\r
            a=rtpmap:9 G722/8000\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:13 CN/8000\r
            a=rtpmap:110 telephone-event/48000\r
            a=rtpmap:126 telephone-event/8000\r
            m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103\r
            c=IN IP4 0.0.0.0\r
            a=rtcp:9 IN IP4 0.0.0.0\r
            a=ice-ufrag:Hx9a\r
            a=ice-pwd:7aIvLxqAqPyb5kD5hq0e3yTm\r
            a=mid:1\r
            a=recvonly\r
            a=rtcp-mux\r
            a=rtcp-rsize\r
            a=rtpmap:96 VP8/90000\r
            a=rtcp-fb:96 goog-remb\r
            a=rtcp-fb:96 transport-cc\r
            a=rtcp-fb:96 ccm fir\r
            a=rtcp-fb:96 nack\r
            a=rtcp-fb:96 nack pli\r
            a=rtpmap:97 rtx/90000\r
            a=fmtp:97 apt=96\r
            a=rtpmap:102 H264/90000\r
            a=rtcp-fb:102 nack\r
            a=rtcp-fb:102 nack pli\r
            a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r
            a=rtpmap:103 rtx/90000\r
            a=fmtp:103 apt=102\r
            """;

    @Test
    void parsesFfmpegAnnounceWithH264AndMpeg4Generic() {
        SessionDescription sdp = SessionDescription.parse(FFMPEG_ANNOUNCE);
        assertThat(sdp.media()).hasSize(2);
        MediaDescription video = sdp.media("video").get(0);
        assertThat(video.port()).isZero();
        assertThat(video.protocol()).isEqualTo("RTP/AVP");
        assertThat(video.rtpMaps().get(96)).isEqualTo(new RtpMap(96, "H264", 90000, 1));
        assertThat(video.fmtp(96))
                .containsEntry("packetization-mode", "1")
                .containsEntry("sprop-parameter-sets", "Z2QADazZQUH7ARAAAAMAEAAAAwMg8UKZYA==,aOvjyyLA")
                .containsEntry("profile-level-id", "64000D");
        assertThat(video.control()).contains("streamid=0");
        MediaDescription audio = sdp.media("audio").get(0);
        assertThat(audio.rtpMaps().get(97).channels()).isEqualTo(2);
        assertThat(audio.rtpMaps().get(97).is("mpeg4-generic")).isTrue();
        assertThat(audio.fmtp(97)).containsEntry("config", "121056E500").containsEntry("sizelength", "13");
    }

    @Test
    void parsesChromeOfferWithRtcpFeedbackAndSessionAttributes() {
        SessionDescription sdp = SessionDescription.parse(CHROME_OFFER);
        assertThat(sdp.attribute("group")).contains("BUNDLE 0 1");
        assertThat(sdp.attribute("extmap-allow-mixed")).contains("");
        MediaDescription video = sdp.media("video").get(0);
        assertThat(video.formats()).containsExactly("96", "97", "102", "103");
        assertThat(video.rtpMaps().get(102).is("h264")).isTrue();
        assertThat(video.fmtp(102)).containsEntry("profile-level-id", "42e01f");
        assertThat(video.rtcpFeedback(102)).containsExactly("nack", "nack pli");
        assertThat(video.has("recvonly")).isTrue();
        assertThat(video.attribute("mid")).contains("1");
        assertThat(video.connection()).isEqualTo("IN IP4 0.0.0.0");
        assertThat(sdp.media("audio").get(0).attribute("fingerprint"))
                .get()
                .asString()
                .startsWith("sha-256 1F:AE");
    }

    @Test
    void formatsBackToTextThatParsesToTheSameDescription() {
        SessionDescription sdp = SessionDescription.parse(CHROME_OFFER);
        SessionDescription again = SessionDescription.parse(sdp.format());
        assertThat(again).isEqualTo(sdp);
        assertThat(sdp.format()).contains("\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103\r\n");
    }

    @Test
    void rejectsMalformedDescriptionsWithSdpException() {
        for (String bad : List.of(
                "",
                "   ",
                "o=- 0 0 IN IP4 1.2.3.4\r\n",
                "v=1\r\n",
                "v=0\r\nbogus\r\n",
                "v=0\r\nm=video\r\n",
                "v=0\r\nm=video x RTP/AVP 96\r\n",
                "v=0\r\nm=video 70000 RTP/AVP 96\r\n",
                "v=0\r\na=:x\r\n",
                "v=0\r\n" + "a=x\r\n".repeat(20_000))) {
            assertThatThrownBy(() -> SessionDescription.parse(bad))
                    .as(bad.length() > 40 ? "huge" : bad)
                    .isInstanceOf(SdpException.class);
        }
        assertThatThrownBy(() -> RtpMap.parse("96 H264")).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> RtpMap.parse("200 H264/90000")).isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> RtpMap.parse("96 H264/0")).isInstanceOf(SdpException.class);
    }

    @Test
    void refusesMoreMediaSectionsThanTheLimit() {
        String many = "v=0\r\n" + "m=audio 9 RTP/AVP 0\r\n".repeat(SessionDescription.MAX_MEDIA + 1);
        assertThatThrownBy(() -> SessionDescription.parse(many)).isInstanceOf(SdpException.class);
    }
}
