package io.zonecam.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Transport header parsing (RFC 2326 §12.39) as ffmpeg and cameras send it. */
class TransportSpecTest {

    @Test
    void parsesFfmpegTcpInterleaved() {
        TransportSpec t = TransportSpec.parse("RTP/AVP/TCP;unicast;interleaved=2-3;mode=record");
        assertThat(t).isEqualTo(new TransportSpec(true, false, 2, -1, -1, true));
    }

    @Test
    void parsesFfmpegUdpClientPorts() {
        TransportSpec t = TransportSpec.parse("RTP/AVP/UDP;unicast;client_port=29170-29171;mode=record");
        assertThat(t).isEqualTo(new TransportSpec(false, false, -1, 29170, 29171, true));
    }

    @Test
    void acceptsQuotedRecordModeAndPicksTheFirstRtpAlternative() {
        TransportSpec t = TransportSpec.parse("RAW/RAW/UDP;unicast, RTP/AVP;unicast;client_port=5000;mode=\"RECORD\"");
        assertThat(t.tcp()).isFalse();
        assertThat(t.clientRtp()).isEqualTo(5000);
        assertThat(t.clientRtcp()).isEqualTo(5001);
        assertThat(t.record()).isTrue();
    }

    @Test
    void flagsMulticastAndRefusesBadRanges() {
        assertThat(TransportSpec.parse("RTP/AVP;multicast;port=5000-5001").multicast())
                .isTrue();
        assertThat(TransportSpec.parse("RTP/AVP/TCP;interleaved=300-301")).isNull();
        assertThat(TransportSpec.parse("RTP/AVP;client_port=x-y")).isNull();
        assertThat(TransportSpec.parse("MP2T/H2221/UDP;unicast")).isNull();
        assertThat(TransportSpec.parse(null)).isNull();
    }
}
