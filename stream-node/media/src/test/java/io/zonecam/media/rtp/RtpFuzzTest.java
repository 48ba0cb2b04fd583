package io.zonecam.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.media.MediaFormatException;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.h264.LengthPrefixed;
import java.util.Arrays;
import java.util.List;

/**
 * RtpFuzzTest feeds arbitrary packets to the RTP parser and, as a packet sequence, to every depacketizer.
 *
 * <p>Input layout: byte 0 picks the depacketizer; then repeated {@code [u16 length][packet bytes]}.
 * Invariants: parsing throws nothing but {@link MediaFormatException}; depacketizers throw nothing; video frames
 * are well-formed length-prefixed access units within the size cap.
 */
class RtpFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void depacketizersNeverThrowAndEmitWellFormedFrames(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int kind = (input[0] & 0xff) % 4;
        Depacketizer d = switch (kind) {
            case 0 -> new H264Depacketizer(1, List.of(), 64 * 1024);
            case 1 -> new H265Depacketizer(1, List.of(), (input[0] & 0x80) != 0, 64 * 1024);
            case 2 -> AacDepacketizer.hbr(1, 48000);
            default -> new FramePerPacketDepacketizer(1, 8000);
        };
        int pos = 1;
        while (pos + 2 <= input.length) {
            int len = Math.min(((input[pos] & 0xff) << 8) | (input[pos + 1] & 0xff), input.length - pos - 2);
            byte[] packet = Arrays.copyOfRange(input, pos + 2, pos + 2 + len);
            pos += 2 + len;
            RtpPacket p;
            try {
                p = RtpPacket.parse(packet);
            } catch (MediaFormatException expected) {
                continue;
            }
            assertThat(p.payloadOffset() + p.payloadLength()).isLessThanOrEqualTo(packet.length);
            d.push(p, (MediaFrame f) -> {
                assertThat(f.data()).isNotEmpty();
                if (kind <= 1) {
                    assertThat(f.data().length).isLessThanOrEqualTo(64 * 1024);
                    LengthPrefixed.split(f.data());
                }
            });
        }
        if (d instanceof NalDepacketizer nal) {
            nal.flush(f -> LengthPrefixed.split(f.data()));
        }
    }

    @FuzzTest(maxDuration = "10s")
    void packetizerOutputDepacketizesToTheSameAccessUnit(byte[] input) {
        if (input.length < 2) {
            return;
        }
        // Build an access unit of NAL units from the input: each NAL gets a valid header and at least 1 byte.
        int mtu = 16 + (input[0] & 0x7f);
        java.util.List<byte[]> nals = new java.util.ArrayList<>();
        int pos = 1;
        while (pos < input.length && nals.size() < 16) {
            int len = 1 + Math.min((input[pos] & 0xff) * 8, input.length - pos - 1);
            byte[] nal = Arrays.copyOfRange(input, pos, pos + len);
            nal[0] = (byte) ((nal[0] & 0x60) | (nals.isEmpty() ? 5 : 1 + (nal[0] & 0x0f) % 12));
            nals.add(nal);
            pos += len;
        }
        byte[] au = LengthPrefixed.join(nals);
        H264Depacketizer d = new H264Depacketizer(1);
        java.util.List<MediaFrame> out = new java.util.ArrayList<>();
        int[] seq = {0};
        new H264Packetizer(mtu, 0, true)
                .packetize(
                        au,
                        (buf, off, len, marker) -> d.push(
                                RtpPacket.of(96, marker, seq[0]++, 0, 1, Arrays.copyOfRange(buf, off, off + len)),
                                out::add));
        boolean hasPicture = nals.stream().anyMatch(n -> (n[0] & 0x1f) >= 1 && (n[0] & 0x1f) <= 5);
        boolean onlyFiller = nals.stream().allMatch(n -> (n[0] & 0x1f) == 12);
        if (hasPicture && !onlyFiller && nals.stream().noneMatch(n -> (n[0] & 0x1f) == 12)) {
            assertThat(out).hasSize(1);
            assertThat(out.get(0).data()).isEqualTo(au);
        }
    }
}
