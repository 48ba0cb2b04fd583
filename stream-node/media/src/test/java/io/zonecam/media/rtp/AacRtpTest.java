package io.zonecam.media.rtp;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AacRtpTest {

    private final List<MediaFrame> frames = new ArrayList<>();

    @Test
    void splitsSeveralAccessUnitsOfOneAacHbrPacket() {
        // RFC 3640 §3.2.1: AU-headers-length = 32 bits, two AU headers (13-bit size, 3-bit index/delta)
        byte[] payload = hex(
                "0020" // AU-headers-length 32
                        + " 0018" // AU-size 3, AU-Index 0
                        + " 0010" // AU-size 2, AU-Index-delta 0
                        + " aabbcc ddee"); // AU 1, AU 2
        AacDepacketizer d = AacDepacketizer.hbr(2, 48000);
        d.push(RtpPacket.of(97, true, 1, 1000, 5, payload), frames::add);
        assertThat(frames).extracting(MediaFrame::data).containsExactly(hex("aabbcc"), hex("ddee"));
        assertThat(frames).extracting(MediaFrame::dts).containsExactly(0L, 1024L);
    }

    @Test
    void packetizerAndDepacketizerAgreeIncludingFragmentedAccessUnits() {
        AacPacketizer packetizer = new AacPacketizer(100, 0);
        AacDepacketizer d = AacDepacketizer.hbr(2, 48000);
        int[] seq = {0};
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] au = new byte[i == 2 ? 250 : 40 + i];
            Arrays.fill(au, (byte) i);
            sent.add(au);
            long ts = i * 1024L;
            packetizer.packetize(
                    au,
                    0,
                    au.length,
                    (buf, off, len, marker) -> d.push(
                            RtpPacket.of(97, marker, seq[0]++, ts, 5, Arrays.copyOfRange(buf, off, off + len)),
                            frames::add));
        }
        assertThat(frames).extracting(MediaFrame::data).containsExactlyElementsOf(sent);
        assertThat(frames).extracting(MediaFrame::dts).containsExactly(0L, 1024L, 2048L, 3072L, 4096L);
        assertThat(d.dropped()).isZero();
    }

    @Test
    void dropsAFragmentedAccessUnitWhenAFragmentIsLost() {
        AacDepacketizer d = AacDepacketizer.hbr(2, 48000);
        byte[] header = hex("0010 0c80"); // one AU of 400 bytes, fragmented
        d.push(RtpPacket.of(97, false, 1, 0, 5, concat(header, new byte[200])), frames::add);
        d.push(RtpPacket.of(97, true, 3, 0, 5, concat(header, new byte[200])), frames::add); // seq 2 lost
        d.push(RtpPacket.of(97, true, 4, 1024, 5, hex("0010 0008 77")), frames::add);
        assertThat(frames).extracting(MediaFrame::data).containsExactly(hex("77"));
        assertThat(d.dropped()).isEqualTo(2);
    }

    @Test
    void framePerPacketDepacketizerPassesPayloadsAndDropsDuplicates() {
        FramePerPacketDepacketizer d = new FramePerPacketDepacketizer(3, 48000);
        d.push(RtpPacket.of(111, true, 10, 960, 9, hex("fc01")), frames::add);
        d.push(RtpPacket.of(111, true, 10, 960, 9, hex("fc01")), frames::add);
        d.push(RtpPacket.of(111, true, 11, 1920, 9, hex("fc02")), frames::add);
        assertThat(frames).extracting(MediaFrame::dts).containsExactly(0L, 960L);
        assertThat(d.dropped()).isEqualTo(1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
