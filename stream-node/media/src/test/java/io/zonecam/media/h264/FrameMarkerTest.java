package io.zonecam.media.h264;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.bits.ByteSlice;
import io.zonecam.media.frame.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameMarkerTest {

    @Test
    void roundTripsThroughAnH264SeiNalEvenWhenFieldsNeedEmulationPrevention() {
        // Counter 0x0000_0001_0000_0000 and time 0x0000_0000_0000_0003 contain 00 00 01 and 00 00 03 runs.
        FrameMarker marker = new FrameMarker("cam-ü-1", 0x1_0000_0000L, 3);
        byte[] nal = marker.toH264Nal();
        assertThat(nal[0]).isEqualTo((byte) 0x06);
        assertThat(nal[1]).isEqualTo((byte) Sei.USER_DATA_UNREGISTERED);
        for (int i = 2; i < nal.length; i++) {
            assertThat(nal[i - 2] == 0 && nal[i - 1] == 0 && nal[i] <= 3 && nal[i] >= 0 && nal[i] != 3)
                    .isFalse();
        }
        byte[] au = LengthPrefixed.join(List.of(nal, hex("658884")));
        assertThat(FrameMarker.find(au, Codec.H264)).contains(marker);
    }

    @Test
    void roundTripsThroughAnH265PrefixSei() {
        FrameMarker marker = new FrameMarker("camera-42", 99, 1_700_000_000_000_000L);
        byte[] au = marker.insertInto(LengthPrefixed.join(List.of(hex("26010af0"))), Codec.H265);
        assertThat(FrameMarker.find(au, Codec.H265)).contains(marker);
    }

    @Test
    void insertsTheSeiAfterParameterSetsAndBeforeThePicture() {
        byte[] au = LengthPrefixed.join(List.of(H264SpsTest.HIGH_320X240, H264SpsTest.HIGH_PPS, hex("658884")));
        byte[] marked = new FrameMarker("c", 1, 2).insertInto(au, Codec.H264);
        assertThat(LengthPrefixed.split(marked))
                .extracting(n -> H264Nal.type(n.get(0)))
                .containsExactly(H264Nal.SPS, H264Nal.PPS, H264Nal.SEI, H264Nal.IDR);
        assertThat(LengthPrefixed.split(marked).get(3)).isEqualTo(ByteSlice.of(hex("658884")));
    }

    @Test
    void ignoresOtherUserDataAndMalformedSei() {
        // user_data_unregistered with x264's own UUID (dc45e9bd...) and text
        byte[] foreign = hex("06 05 14 dc45e9bde6d948b7962cd820d923eeef 78323634 80");
        byte[] broken = hex("06 05 ff ff 10 80");
        byte[] au = LengthPrefixed.join(List.of(foreign, broken, hex("658884")));
        assertThat(FrameMarker.find(au, Codec.H264)).isEmpty();
    }

    @Test
    void findsTheMarkerAfterOtherSeiMessagesInTheSameNal() {
        FrameMarker marker = new FrameMarker("cam", 7, 8);
        byte[] payload = marker.payload();
        // sei_message 1: recovery point (type 6, size 1), sei_message 2: our user data
        byte[] rbsp = new byte[3 + 2 + payload.length + 1];
        rbsp[0] = 6;
        rbsp[1] = 1;
        rbsp[2] = (byte) 0x80;
        rbsp[3] = 5;
        rbsp[4] = (byte) payload.length;
        System.arraycopy(payload, 0, rbsp, 5, payload.length);
        rbsp[rbsp.length - 1] = (byte) 0x80;
        byte[] escaped = io.zonecam.media.bits.Rbsp.escape(rbsp, 0, rbsp.length);
        byte[] nal = new byte[escaped.length + 1];
        nal[0] = 6;
        System.arraycopy(escaped, 0, nal, 1, escaped.length);
        assertThat(FrameMarker.find(LengthPrefixed.join(List.of(nal)), Codec.H264))
                .contains(marker);
    }
}
