package io.zonecam.media.rtp;

import static io.zonecam.media.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.h264.LengthPrefixed;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class H264PacketizerTest {

    @Test
    void sendsNalsThatFitAsSingleNalUnitPacketsWithMarkerOnTheLast() {
        List<Boolean> markers = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        new H264Packetizer(1200, 0, false)
                .packetize(LengthPrefixed.join(List.of(hex("0605aa80"), hex("658801"))), (buf, off, len, marker) -> {
                    payloads.add(java.util.Arrays.copyOfRange(buf, off, off + len));
                    markers.add(marker);
                });
        assertThat(payloads).containsExactly(hex("0605aa80"), hex("658801"));
        assertThat(markers).containsExactly(false, true);
    }

    @Test
    void fragmentsLargeNalsIntoFuAWithStartAndEndBits() {
        byte[] idr = new byte[25];
        idr[0] = 0x65; // NRI 3, type 5
        for (int i = 1; i < idr.length; i++) {
            idr[i] = (byte) i;
        }
        List<byte[]> p = new H264Packetizer(12, 0, false).packetize(LengthPrefixed.join(List.of(idr)));
        // 24 payload bytes after the NAL header in chunks of 10: 3 fragments
        assertThat(p).hasSize(3);
        assertThat(p.get(0)).startsWith(0x7c, 0x85, 1, 2); // indicator F=0 NRI=3 type 28; S=1 type 5
        assertThat(p.get(1)).startsWith(0x7c, 0x05, 11); // neither S nor E
        assertThat(p.get(2)).startsWith(0x7c, 0x45, 21); // E=1
        assertThat(p.get(2)).hasSize(2 + 4);
    }

    @Test
    void aggregatesSpsAndPpsIntoOneStapA() {
        byte[] au = LengthPrefixed.join(List.of(H264DepacketizerTest.SPS, H264DepacketizerTest.PPS, hex("658801")));
        List<byte[]> p = new H264Packetizer(1200, 0, true).packetize(au);
        assertThat(p).hasSize(2);
        byte[] stap = p.get(0);
        assertThat(stap[0]).isEqualTo((byte) 0x78); // F=0, NRI=3 (max), type 24
        assertThat(stap[1] << 8 | stap[2]).isEqualTo(H264DepacketizerTest.SPS.length);
        assertThat(stap).hasSize(1 + 2 + H264DepacketizerTest.SPS.length + 2 + H264DepacketizerTest.PPS.length);
    }

    @Test
    void leavesHeadroomForTheRtpHeaderInTheSinkBuffer() {
        byte[] scratch = new byte[1500];
        int[] seen = new int[2];
        new H264Packetizer(1188, 12, false).packetize(LengthPrefixed.join(List.of(new byte[3000])), new PayloadSink() {
            @Override
            public byte[] buffer(int capacity) {
                assertThat(capacity).isLessThanOrEqualTo(1200);
                return scratch;
            }

            @Override
            public void packet(byte[] buffer, int payloadOffset, int payloadLength, boolean marker) {
                assertThat(buffer).isSameAs(scratch);
                assertThat(payloadOffset).isEqualTo(12);
                seen[0]++;
                seen[1] += payloadLength;
            }
        });
        assertThat(seen[0]).isEqualTo(3);
        assertThat(seen[1]).isEqualTo(3 * 2 + 2999);
    }

    @Test
    void depacketizerRebuildsExactlyWhatThePacketizerSplit() {
        Random random = new Random(42);
        H264Packetizer packetizer = new H264Packetizer(1200, 12, true);
        H264Depacketizer depacketizer = new H264Depacketizer(1);
        List<MediaFrame> out = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        int[] seq = {65_000};
        for (int frame = 0; frame < 60; frame++) {
            List<byte[]> nals = new ArrayList<>();
            if (frame % 30 == 0) {
                nals.add(H264DepacketizerTest.SPS);
                nals.add(H264DepacketizerTest.PPS);
            }
            int slices = 1 + random.nextInt(3);
            for (int s = 0; s < slices; s++) {
                byte[] nal = new byte[1 + random.nextInt(frame % 30 == 0 ? 20_000 : 3000)];
                random.nextBytes(nal);
                nal[0] = (byte) (frame % 30 == 0 ? 0x65 : 0x41);
                nals.add(nal);
            }
            byte[] au = LengthPrefixed.join(nals);
            sent.add(au);
            long ts = 0xFFFF_0000L + frame * 3600L;
            packetizer.packetize(au, (buf, off, len, marker) -> {
                RtpPacket.write(buf, off - 12, 96, marker, seq[0]++ & 0xffff, ts, 7);
                depacketizer.push(RtpPacket.parse(java.util.Arrays.copyOfRange(buf, off - 12, off + len)), out::add);
            });
        }
        assertThat(out).hasSize(60);
        for (int i = 0; i < 60; i++) {
            assertThat(out.get(i).data()).isEqualTo(sent.get(i));
            assertThat(out.get(i).dts()).isEqualTo(i * 3600L);
        }
        assertThat(depacketizer.dropped()).isZero();
    }
}
