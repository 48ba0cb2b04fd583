package io.zonecam.webrtc.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.webrtc.rtcp.RtcpPacket.Bye;
import io.zonecam.webrtc.rtcp.RtcpPacket.FirEntry;
import io.zonecam.webrtc.rtcp.RtcpPacket.FullIntraRequest;
import io.zonecam.webrtc.rtcp.RtcpPacket.GenericNack;
import io.zonecam.webrtc.rtcp.RtcpPacket.PictureLossIndication;
import io.zonecam.webrtc.rtcp.RtcpPacket.ReceiverReport;
import io.zonecam.webrtc.rtcp.RtcpPacket.ReportBlock;
import io.zonecam.webrtc.rtcp.RtcpPacket.SdesChunk;
import io.zonecam.webrtc.rtcp.RtcpPacket.SenderReport;
import io.zonecam.webrtc.rtcp.RtcpPacket.Skipped;
import io.zonecam.webrtc.rtcp.RtcpPacket.SourceDescription;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RtcpParserTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("(?m)//.*$", "").replaceAll("\\s+", ""));
    }

    static List<RtcpPacket> parse(byte[] b) throws RtcpException {
        return RtcpParser.parse(b, 0, b.length);
    }

    static final ReportBlock BLOCK = new ReportBlock(0xCAFEBABEL, 25, -3, 0x1_0005L, 120, 0x12345678L, 65536);

    @Nested
    class RoundTrips {

        final byte[] buf = new byte[1500];

        @Test
        void senderReportWithReportBlocks() throws Exception {
            SenderReport sr = new SenderReport(
                    0xF0000001L,
                    0xE5A1B2C3_80000000L,
                    0xFFFFFFF0L,
                    1234,
                    0xFFFFFFFFL,
                    List.of(BLOCK, new ReportBlock(7, 0, 100, 9, 0, 0, 0)));
            int n = RtcpWriter.senderReport(buf, 0, sr);
            assertThat(n).isEqualTo(28 + 48);
            assertThat(RtcpParser.parse(buf, 0, n)).containsExactly(sr);
        }

        @Test
        void receiverReportKeepsNegativeCumulativeLoss() throws Exception {
            int n = RtcpWriter.receiverReport(buf, 0, 42, List.of(BLOCK));
            List<RtcpPacket> parsed = RtcpParser.parse(buf, 0, n);
            assertThat(parsed).containsExactly(new ReceiverReport(42, List.of(BLOCK)));
        }

        @Test
        void sdesCnameByeAndFeedbackInOneCompound() throws Exception {
            int n = RtcpWriter.receiverReport(buf, 0, 1, List.of());
            n += RtcpWriter.sdesCname(buf, n, 1, "viewer-7@zonecam");
            n += RtcpWriter.nack(buf, n, 1, 0xABCDL, new int[] {100, 101, 103, 116, 200, 65535, 0});
            n += RtcpWriter.pli(buf, n, 1, 0xABCDL);
            n += RtcpWriter.fir(buf, n, 1, List.of(new FirEntry(0xABCDL, 3)));
            n += RtcpWriter.bye(buf, n, new long[] {1, 2}, "gone");
            List<RtcpPacket> parsed = RtcpParser.parse(buf, 0, n);
            assertThat(parsed)
                    .containsExactly(
                            new ReceiverReport(1, List.of()),
                            new SourceDescription(List.of(new SdesChunk(1, "viewer-7@zonecam"))),
                            new GenericNack(1, 0xABCDL, new int[] {100, 101, 103, 116, 200, 65535, 0}),
                            new PictureLossIndication(1, 0xABCDL),
                            new FullIntraRequest(1, List.of(new FirEntry(0xABCDL, 3))),
                            new Bye(List.of(1L, 2L), "gone"));
        }

        @Test
        void nackWriterPacksRunsIntoPidAndBlp() {
            int n = RtcpWriter.nack(buf, 0, 1, 2, new int[] {100, 101, 103, 116, 117});
            // 116 is PID+16, the last BLP bit; 117 needs a second FCI.
            assertThat(n).isEqualTo(12 + 8);
            assertThat(HexFormat.of().formatHex(buf, 12, 20)).isEqualTo("0064" + "8005" + "0075" + "0000");
        }
    }

    @Nested
    class WireBytes {

        @Test
        void genericNackExpandsPidAndBitmaskPerRfc4585Section6_2_1() throws Exception {
            byte[] nack = hex("""
                    81 cd 00 04   // V=2, FMT=1, PT=205 RTPFB, length 4 words
                    00 00 00 01   // sender SSRC
                    00 00 ab cd   // media SSRC
                    00 64 80 05   // PID 100, BLP bits 0, 2, 15 -> 101, 103, 116
                    ff ff 00 01   // PID 65535, BLP bit 0 -> 0 (wraps)
                    """);
            GenericNack n = (GenericNack) parse(nack).get(0);
            assertThat(n.senderSsrc()).isEqualTo(1);
            assertThat(n.mediaSsrc()).isEqualTo(0xabcd);
            assertThat(n.lostSequenceNumbers()).containsExactly(100, 101, 103, 116, 65535, 0);
        }

        @Test
        void chromeStyleCompoundWithRembAndTwccSkipsTheUnsupportedSafely() throws Exception {
            byte[] compound = hex("""
                    81 c9 00 07   // RR, RC=1, length 7 words
                    00 00 00 01   // reporter SSRC
                    00 00 ab cd   // report block: source
                    05 00 00 02   //   fraction lost 5, cumulative 2
                    00 00 10 00   //   extended highest sequence
                    00 00 00 20   //   jitter
                    00 00 00 00   //   LSR
                    00 00 00 00   //   DLSR
                    8f ce 00 05   // PSFB FMT=15 (AFB), length 5 words: REMB
                    00 00 00 01   //   sender SSRC
                    00 00 00 00   //   media SSRC (unused)
                    52 45 4d 42   //   "REMB"
                    01 0b 7e 34   //   1 SSRC, exponent and mantissa
                    00 00 ab cd   //   SSRC
                    8f cd 00 04   // RTPFB FMT=15: transport-wide congestion control
                    00 00 00 01
                    00 00 ab cd
                    00 01 00 01   //   base sequence, status count
                    00 00 01 00   //   reference time, feedback count (chunks omitted)
                    81 ce 00 02   // PLI
                    00 00 00 01
                    00 00 ab cd
                    """);
            List<RtcpPacket> packets = parse(compound);
            assertThat(packets).hasSize(4);
            assertThat(((ReceiverReport) packets.get(0)).reports().get(0).fractionLost())
                    .isEqualTo(5);
            assertThat(packets.get(1)).isEqualTo(new Skipped(RtcpPacket.PT_PSFB, 15, 24));
            assertThat(packets.get(2)).isEqualTo(new Skipped(RtcpPacket.PT_RTPFB, 15, 20));
            assertThat(packets.get(3)).isEqualTo(new PictureLossIndication(1, 0xabcd));
        }

        @Test
        void sdesWithSeveralItemsAndChunksFindsEachCname() throws Exception {
            byte[] sdes = hex("""
                    82 ca 00 05   // SDES, SC=2, length 5 words
                    00 00 00 01   // chunk 1 SSRC
                    02 01 41      //   NAME "A"
                    01 02 78 79   //   CNAME "xy"
                    00            //   END, which also pads the chunk to 32 bits
                    00 00 00 02   // chunk 2 SSRC
                    01 01 7a 00   //   CNAME "z", END
                    """);
            assertThat(parse(sdes))
                    .containsExactly(new SourceDescription(List.of(new SdesChunk(1, "xy"), new SdesChunk(2, "z"))));
        }

        @Test
        void paddingOnTheLastPacketIsRemoved() throws Exception {
            byte[] bye = hex("""
                    a1 cb 00 02   // BYE with P=1, SC=1, length 2 words
                    00 00 00 09   // SSRC
                    00 00 00 04   // padding, last byte = 4
                    """);
            assertThat(parse(bye)).containsExactly(new Bye(List.of(9L), null));
        }
    }

    @Nested
    class StrictBounds {

        @Test
        void rejectsWrongVersionAndTruncation() {
            assertThatThrownBy(() -> parse(hex("41 c9 00 01 00 00 00 01"))).hasMessageContaining("version");
            assertThatThrownBy(() -> parse(hex("80 c9 00 02 00 00 00 01"))).hasMessageContaining("overruns");
            assertThatThrownBy(() -> parse(hex("80 c9 00 01 00 00 00 01 80"))).hasMessageContaining("truncated");
            assertThatThrownBy(() -> parse(hex("80 c9"))).isInstanceOf(RtcpException.class);
        }

        @Test
        void rejectsReportCountsBeyondThePacket() {
            assertThatThrownBy(() -> parse(hex("81 c9 00 01 00 00 00 01"))).hasMessageContaining("RR too short");
            assertThatThrownBy(() -> parse(hex("81 c8 00 06 00000001 00000000 00000000 00000000 00000000 00000000")))
                    .hasMessageContaining("SR too short");
            assertThatThrownBy(() -> parse(hex("82 cb 00 01 00 00 00 01"))).hasMessageContaining("BYE");
        }

        @Test
        void rejectsBadPadding() {
            assertThatThrownBy(() -> parse(hex("a0 c9 00 01 00 00 00 01 80 c9 00 01 00 00 00 01")))
                    .hasMessageContaining("padding before");
            assertThatThrownBy(() -> parse(hex("a0 c9 00 01 00 00 00 00"))).hasMessageContaining("padding length");
            assertThatThrownBy(() -> parse(hex("a0 c9 00 01 00 00 00 09"))).hasMessageContaining("padding length");
        }

        @Test
        void rejectsUnterminatedSdesAndFeedbackWithoutFci() {
            assertThatThrownBy(() -> parse(hex("81 ca 00 02 00 00 00 01 01 02 41 42")))
                    .hasMessageContaining("SDES");
            assertThatThrownBy(() -> parse(hex("81 cd 00 02 00 00 00 01 00 00 00 02")))
                    .hasMessageContaining("NACK");
            assertThatThrownBy(() -> parse(hex("84 ce 00 03 00 00 00 01 00 00 00 00 00 00 00 02")))
                    .hasMessageContaining("FIR");
            assertThatThrownBy(() -> parse(hex("81 ce 00 01 00 00 00 01"))).hasMessageContaining("PLI");
        }

        @Test
        void boundsPacketsPerCompound() {
            byte[] many = new byte[8 * (RtcpParser.MAX_PACKETS + 1)];
            for (int i = 0; i < RtcpParser.MAX_PACKETS + 1; i++) {
                System.arraycopy(hex("80 c9 00 01 00 00 00 01"), 0, many, 8 * i, 8);
            }
            assertThatThrownBy(() -> parse(many)).hasMessageContaining("too many");
            assertThat(Arrays.copyOf(many, 8 * RtcpParser.MAX_PACKETS))
                    .satisfies(b -> assertThat(parse(b)).hasSize(RtcpParser.MAX_PACKETS));
        }
    }
}
