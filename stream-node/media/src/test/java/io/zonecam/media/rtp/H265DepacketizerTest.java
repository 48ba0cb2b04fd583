package io.zonecam.media.rtp;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.h264.LengthPrefixed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class H265DepacketizerTest {

    private final List<MediaFrame> frames = new ArrayList<>();

    @Test
    void rebuildsAnIrapFromAnAggregationPacketAndFragmentationUnits() {
        H265Depacketizer d = new H265Depacketizer(1);
        // AP (RFC 7798 §4.4.2): PayloadHdr type 48 (0x60 0x01), then 16-bit size + NAL for VPS and SPS
        d.push(RtpPacket.of(96, false, 1, 0, 1, hex("6001 0003 400101 0003 420102")), frames::add);
        // FU (§4.4.3): PayloadHdr type 49 (0x62 0x01), FU header S|type 19 (0x93), then E|19 (0x53)
        d.push(RtpPacket.of(96, false, 2, 0, 1, hex("6201 93 aabb")), frames::add);
        d.push(RtpPacket.of(96, true, 3, 0, 1, hex("6201 53 cc")), frames::add);
        // single NAL unit packet (§4.4.1): TRAIL_R
        d.push(RtpPacket.of(96, true, 4, 3600, 1, hex("0201 dd")), frames::add);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(frames.get(0).data())
                .isEqualTo(LengthPrefixed.join(List.of(hex("400101"), hex("420102"), hex("2601 aabbcc"))));
        assertThat(frames.get(1).data()).isEqualTo(LengthPrefixed.join(List.of(hex("0201dd"))));
        assertThat(d.parameterSets()).containsExactly(hex("400101"), hex("420102"));
    }

    @Test
    void skipsDonFieldsWhenTheSessionUsesThem() {
        H265Depacketizer d = new H265Depacketizer(1, List.of(), true, 1 << 20);
        d.push(RtpPacket.of(96, false, 1, 0, 1, hex("6001 0000 0003 400101 00 0003 420102")), frames::add);
        d.push(RtpPacket.of(96, false, 2, 0, 1, hex("6201 93 0001 aabb")), frames::add);
        d.push(RtpPacket.of(96, true, 3, 0, 1, hex("6201 53 cc")), frames::add);
        d.push(RtpPacket.of(96, true, 4, 3600, 1, hex("0201 0002 dd")), frames::add);
        assertThat(frames)
                .extracting(MediaFrame::data)
                .containsExactly(
                        LengthPrefixed.join(List.of(hex("400101"), hex("420102"), hex("2601aabbcc"))),
                        LengthPrefixed.join(List.of(hex("0201dd"))));
    }

    @Test
    void dropsToTheNextIrapAfterLossAndCountsPaciPackets() {
        H265Depacketizer d = new H265Depacketizer(1);
        d.push(RtpPacket.of(96, true, 1, 0, 1, hex("2601 01")), frames::add);
        d.push(RtpPacket.of(96, true, 3, 3600, 1, hex("0201 02")), frames::add); // seq 2 lost
        d.push(RtpPacket.of(96, true, 4, 7200, 1, hex("6401 00")), frames::add); // PACI
        d.push(RtpPacket.of(96, true, 5, 10800, 1, hex("2a01 03")), frames::add); // CRA
        assertThat(frames).extracting(MediaFrame::keyframe).containsExactly(true, true);
        assertThat(d.lostPackets()).isEqualTo(1);
        assertThat(d.dropped()).isEqualTo(2);
    }
}
