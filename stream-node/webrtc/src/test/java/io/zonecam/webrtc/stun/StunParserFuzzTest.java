package io.zonecam.webrtc.stun;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the STUN parser: any input either parses into a message whose accessors are safe to call, or is rejected
 * with a {@link StunException}. In the normal build it replays the seeds in StunParserFuzzTestInputs.
 */
class StunParserFuzzTest {

    private static final byte[] KEY = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "30s")
    void parserOnlyEverRejectsWithStunException(byte[] data) {
        if (data == null) {
            return;
        }
        StunMessage m;
        try {
            m = StunMessage.parse(data, 0, data.length);
        } catch (StunException expected) {
            return;
        }
        m.username();
        m.priority();
        m.tieBreaker();
        m.useCandidate();
        m.errorCode();
        m.errorReason();
        m.unknownComprehensionRequired();
        m.verifyFingerprint();
        m.verifyMessageIntegrity(KEY);
        for (int i = 0; i < m.attributeCount(); i++) {
            if (m.attributeValueOffset(i) + m.attributeValueLength(i) > data.length) {
                throw new AssertionError("attribute beyond the datagram");
            }
            try {
                m.decodeXorAddress(i);
            } catch (StunException expected) {
                // not an address
            }
        }
    }
}
