package io.zonecam.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.sdp.SessionDescription;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DepacketizerFactoryTest {

    private static final String ANNOUNCE = io.zonecam.media.sdp.SessionDescriptionTestAccess.ffmpegAnnounce();

    @Test
    void buildsH264TrackWithSizeFromSpropParameterSets() {
        var media = SessionDescription.parse(ANNOUNCE).media("video").get(0);
        RtpTrack track = DepacketizerFactory.create(media, 1).orElseThrow();
        assertThat(track.payloadType()).isEqualTo(96);
        assertThat(track.info().codec()).isEqualTo(Codec.H264);
        assertThat(track.info().timescale()).isEqualTo(90000);
        assertThat(track.info().width()).isEqualTo(320);
        assertThat(track.info().height()).isEqualTo(240);
        assertThat(track.info().parameterSets()).hasSize(2);
        assertThat(track.depacketizer()).isInstanceOf(H264Depacketizer.class);
    }

    @Test
    void buildsAacTrackFromMpeg4GenericConfig() {
        var media = SessionDescription.parse(ANNOUNCE).media("audio").get(0);
        RtpTrack track = DepacketizerFactory.create(media, 2).orElseThrow();
        assertThat(track.info().codec()).isEqualTo(Codec.AAC);
        assertThat(track.info().sampleRate()).isEqualTo(44100);
        assertThat(track.info().channels()).isEqualTo(2);
        assertThat(track.info().audioSpecificConfig()).isEqualTo(HexFormat.of().parseHex("121056e500"));
        assertThat(track.depacketizer()).isInstanceOf(AacDepacketizer.class);
    }

    @Test
    void buildsH265TrackFromSpropVpsSpsPps() {
        var media = SessionDescription.parse(io.zonecam.media.sdp.SessionDescriptionTestAccess.ffmpegAnnounceH265())
                .media("video")
                .get(0);
        RtpTrack track = DepacketizerFactory.create(media, 1).orElseThrow();
        assertThat(track.info().codec()).isEqualTo(Codec.H265);
        assertThat(track.info().parameterSets()).hasSize(3);
        assertThat(track.info().width()).isEqualTo(320);
        assertThat(track.info().height()).isEqualTo(240);
    }

    @Test
    void picksTheFirstSupportedFormatOfAWebRtcOffer() {
        var sdp = SessionDescription.parse(io.zonecam.media.sdp.SessionDescriptionTestAccess.chromeOffer());
        RtpTrack audio =
                DepacketizerFactory.create(sdp.media("audio").get(0), 1).orElseThrow();
        assertThat(audio.info().codec()).isEqualTo(Codec.OPUS);
        assertThat(audio.info().timescale()).isEqualTo(48000);
        RtpTrack video =
                DepacketizerFactory.create(sdp.media("video").get(0), 2).orElseThrow();
        assertThat(video.payloadType()).isEqualTo(102); // VP8 (96) is not recorded by Zonecam
    }

    @Test
    void handlesStaticG711AndRefusesBrokenParameters() {
        var pcmu = SessionDescription.parse("v=0\r\nm=audio 0 RTP/AVP 0\r\n")
                .media()
                .get(0);
        assertThat(DepacketizerFactory.create(pcmu, 1).orElseThrow().info().codec())
                .isEqualTo(Codec.PCMU);
        var unknown = SessionDescription.parse("v=0\r\nm=video 0 RTP/AVP 26\r\n")
                .media()
                .get(0);
        assertThat(DepacketizerFactory.create(unknown, 1)).isEmpty();
        var badBase64 = SessionDescription.parse("v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                        + "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=!!!,aOvjyyLA\r\n")
                .media()
                .get(0);
        assertThatThrownBy(() -> DepacketizerFactory.create(badBase64, 1)).isInstanceOf(MediaFormatException.class);
        var badConfig = SessionDescription.parse("v=0\r\nm=audio 0 RTP/AVP 97\r\na=rtpmap:97 mpeg4-generic/48000/2\r\n"
                        + "a=fmtp:97 mode=AAC-hbr; config=zz\r\n")
                .media()
                .get(0);
        assertThatThrownBy(() -> DepacketizerFactory.create(badConfig, 1)).isInstanceOf(MediaFormatException.class);
        var interleaved = SessionDescription.parse("v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                        + "a=fmtp:96 packetization-mode=2\r\n")
                .media()
                .get(0);
        assertThatThrownBy(() -> DepacketizerFactory.create(interleaved, 1)).isInstanceOf(MediaFormatException.class);
    }
}
