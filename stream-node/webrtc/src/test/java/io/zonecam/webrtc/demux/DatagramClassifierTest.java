package io.zonecam.webrtc.demux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatagramClassifierTest {

    static byte[] datagram(int firstByte, int secondByte, int length) {
        byte[] b = new byte[length];
        b[0] = (byte) firstByte;
        if (length > 1) {
            b[1] = (byte) secondByte;
        }
        return b;
    }

    static DatagramKind kind(int firstByte, int secondByte, int length) {
        return DatagramClassifier.kindOf(datagram(firstByte, secondByte, length), 0, length);
    }

    @Test
    void firstByteRangesFollowRfc7983Section7() {
        assertThat(kind(0, 1, 20)).isEqualTo(DatagramKind.STUN);
        assertThat(kind(3, 1, 20)).isEqualTo(DatagramKind.STUN);
        assertThat(kind(4, 1, 20)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(kind(16, 0, 40)).as("ZRTP").isEqualTo(DatagramKind.UNKNOWN);
        assertThat(kind(20, 0xFE, 13)).isEqualTo(DatagramKind.DTLS);
        assertThat(kind(22, 0xFE, 100)).as("handshake").isEqualTo(DatagramKind.DTLS);
        assertThat(kind(63, 0, 13)).isEqualTo(DatagramKind.DTLS);
        assertThat(kind(64, 0, 40)).as("TURN channel").isEqualTo(DatagramKind.UNKNOWN);
        assertThat(kind(127, 96, 40)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(kind(128, 96, 12)).isEqualTo(DatagramKind.RTP);
        assertThat(kind(191, 96, 12)).isEqualTo(DatagramKind.RTP);
        assertThat(kind(192, 96, 40)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(kind(255, 96, 40)).isEqualTo(DatagramKind.UNKNOWN);
    }

    @Test
    void rtcpPacketTypesAreToldFromRtpPayloadTypesPerRfc5761() {
        assertThat(kind(0x80, 200, 28)).as("SR").isEqualTo(DatagramKind.RTCP);
        assertThat(kind(0x81, 205, 16)).as("NACK").isEqualTo(DatagramKind.RTCP);
        assertThat(kind(0x81, 206, 12)).as("PLI").isEqualTo(DatagramKind.RTCP);
        assertThat(kind(0x80, 192, 8)).isEqualTo(DatagramKind.RTCP);
        assertThat(kind(0x80, 223, 8)).isEqualTo(DatagramKind.RTCP);
        assertThat(kind(0x80, 96, 12)).as("H.264 PT 96").isEqualTo(DatagramKind.RTP);
        assertThat(kind(0x80, 96 | 0x80, 12)).as("PT 96 with marker").isEqualTo(DatagramKind.RTP);
        assertThat(kind(0x80, 111, 12)).as("Opus").isEqualTo(DatagramKind.RTP);
        assertThat(kind(0x80, 224, 12)).as("PT 96+marker is not RTCP").isEqualTo(DatagramKind.RTP);
    }

    @Test
    void packetsShorterThanTheirFixedHeaderAreDropped() {
        assertThat(kind(0, 1, 19)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(kind(22, 0, 12)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(kind(0x80, 96, 11)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(kind(0x80, 200, 7)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(kind(0x80, 0, 1)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(DatagramClassifier.kindOf(new byte[0], 0, 0)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(DatagramClassifier.kindOf(null, 0, 10)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(DatagramClassifier.kindOf(new byte[10], 5, 10))
                .as("range beyond array")
                .isEqualTo(DatagramKind.UNKNOWN);
    }

    @Test
    void classifyHonoursOffsetsAndCountsEachKind() {
        byte[] buf = new byte[64];
        buf[10] = (byte) 0x80;
        buf[11] = (byte) 201;
        DatagramClassifier classifier = new DatagramClassifier();
        assertThat(classifier.classify(buf, 10, 32)).isEqualTo(DatagramKind.RTCP);
        assertThat(classifier.classify(buf, 0, 32)).isEqualTo(DatagramKind.STUN);
        assertThat(classifier.classify(buf, 12, 4)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(classifier.count(DatagramKind.RTCP)).isEqualTo(1);
        assertThat(classifier.count(DatagramKind.STUN)).isEqualTo(1);
        assertThat(classifier.count(DatagramKind.UNKNOWN)).isEqualTo(1);
        assertThat(classifier.count(DatagramKind.RTP)).isZero();
    }
}
