package io.zonecam.media.rtp;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.h264.LengthPrefixed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class H264DepacketizerTest {

    static final byte[] SPS = hex("6742c00cd901419f9f011000000300100000030320f142a480");
    static final byte[] PPS = hex("68cb83cb20");

    private final List<MediaFrame> frames = new ArrayList<>();
    private final H264Depacketizer depacketizer = new H264Depacketizer(1);
    private int seq = 1000;

    private void push(long ts, boolean marker, String payloadHex) {
        push(ts, marker, hex(payloadHex));
    }

    private void push(long ts, boolean marker, byte[] payload) {
        depacketizer.push(RtpPacket.of(96, marker, seq++ & 0xffff, ts, 1, payload), frames::add);
    }

    @Test
    void rebuildsAnAccessUnitFromStapAAndFuAFragments() {
        // STAP-A (RFC 6184 §5.7.1): header 0x78 (NRI 3, type 24), then 16-bit size + NAL for SPS and PPS
        byte[] stap = new byte[1 + 2 + SPS.length + 2 + PPS.length];
        stap[0] = 0x78;
        stap[2] = (byte) SPS.length;
        System.arraycopy(SPS, 0, stap, 3, SPS.length);
        stap[3 + SPS.length + 1] = (byte) PPS.length;
        System.arraycopy(PPS, 0, stap, 5 + SPS.length, PPS.length);
        push(3000, false, stap);
        // FU-A (§5.8): indicator 0x7c (NRI 3, type 28); headers 0x85 (S, IDR), 0x05, 0x45 (E, IDR)
        push(3000, false, "7c 85 88 84 00");
        push(3000, false, "7c 05 11 22");
        push(3000, true, "7c 45 33");

        assertThat(frames).hasSize(1);
        MediaFrame f = frames.get(0);
        assertThat(f.keyframe()).isTrue();
        assertThat(f.dts()).isZero();
        assertThat(f.pts()).isZero();
        assertThat(f.data()).isEqualTo(LengthPrefixed.join(List.of(SPS, PPS, hex("65 88 84 00 11 22 33"))));
        assertThat(depacketizer.parameterSets()).containsExactly(SPS, PPS);
    }

    @Test
    void waitsForTheFirstKeyframeAndUsesTimestampChangeWhenMarkerIsMissing() {
        push(0, true, "41 9a 01"); // P-frame before any IDR: dropped
        push(3600, false, "65 88 01"); // IDR without marker
        push(7200, false, "41 9a 02"); // timestamp change closes the IDR access unit
        push(7200, true, "41 9a 03"); // second slice of the same picture
        assertThat(frames).extracting(MediaFrame::dts).containsExactly(0L, 3600L);
        assertThat(frames.get(1).data()).isEqualTo(LengthPrefixed.join(List.of(hex("419a02"), hex("419a03"))));
        assertThat(depacketizer.dropped()).isEqualTo(1);
    }

    @Test
    void dropsToTheNextKeyframeAfterASequenceGap() {
        push(0, true, "65 88 01");
        seq++; // one packet lost
        push(3600, true, "41 9a 01"); // references the lost data: dropped
        push(7200, true, "41 9a 02"); // still no keyframe: dropped
        push(10800, false, "67 42 c0 0c"); // SPS alone with its own timestamp: carried over
        push(14400, true, "65 88 02");
        push(18000, true, "41 9a 03");
        assertThat(frames).extracting(MediaFrame::keyframe).containsExactly(true, true, false);
        assertThat(frames.get(1).data()).isEqualTo(LengthPrefixed.join(List.of(hex("6742c00c"), hex("658802"))));
        assertThat(depacketizer.lostPackets()).isEqualTo(1);
        assertThat(depacketizer.dropped()).isEqualTo(2);
    }

    @Test
    void dropsFragmentsThatNeverStartedOrNeverEnded() {
        push(0, true, "65 88 01");
        push(3600, false, "7c 05 aa"); // middle fragment without start
        push(3600, true, "7c 45 bb");
        push(7200, false, "7c 85 cc"); // start without end, then marker on another NAL
        push(7200, true, "41 01");
        push(10800, true, "65 88 02");
        assertThat(frames).extracting(MediaFrame::dts).containsExactly(0L, 10800L);
        assertThat(depacketizer.dropped()).isEqualTo(2);
    }

    @Test
    void dropsAccessUnitsAboveTheSizeCapAndDuplicatePackets() {
        H264Depacketizer small = new H264Depacketizer(1, List.of(), 64);
        List<MediaFrame> out = new ArrayList<>();
        small.push(RtpPacket.of(96, false, 1, 0, 1, hex("7c85" + "00".repeat(40))), out::add);
        small.push(RtpPacket.of(96, true, 2, 0, 1, hex("7c45" + "00".repeat(40))), out::add);
        small.push(RtpPacket.of(96, true, 3, 3600, 1, hex("658801")), out::add);
        small.push(RtpPacket.of(96, true, 3, 3600, 1, hex("658801")), out::add);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).data()).isEqualTo(hex("00000003 658801"));
        assertThat(small.dropped()).isEqualTo(2);
    }

    @Test
    void countsUnsupportedInterleavedModePackets() {
        push(0, true, "65 88 01");
        push(3600, true, "7d 85 00 00 01"); // FU-B
        assertThat(frames).hasSize(1);
        assertThat(depacketizer.dropped()).isEqualTo(1);
    }
}
