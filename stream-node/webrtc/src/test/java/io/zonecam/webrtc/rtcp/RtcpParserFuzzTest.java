package io.zonecam.webrtc.rtcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzzes the RTCP compound parser: any input is either decoded within its bounds or rejected with an
 * {@link RtcpException}. In the normal build it replays the seeds in RtcpParserFuzzTestInputs.
 */
class RtcpParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parserOnlyEverRejectsWithRtcpException(byte[] data) {
        if (data == null || data.length == 0) {
            return;
        }
        List<RtcpPacket> packets;
        try {
            packets = RtcpParser.parse(data, 0, data.length);
        } catch (RtcpException expected) {
            return;
        }
        if (packets.isEmpty() || packets.size() > RtcpParser.MAX_PACKETS) {
            throw new AssertionError("a parsed compound has 1.." + RtcpParser.MAX_PACKETS + " packets");
        }
        int nacked = 0;
        for (RtcpPacket p : packets) {
            if (p instanceof RtcpPacket.GenericNack n) {
                nacked += n.lostSequenceNumbers().length;
                for (int seq : n.lostSequenceNumbers()) {
                    if (seq < 0 || seq > 0xFFFF) {
                        throw new AssertionError("sequence number out of range");
                    }
                }
            }
        }
        if (nacked > RtcpParser.MAX_NACKED) {
            throw new AssertionError("NACK expansion above its bound");
        }
    }
}
