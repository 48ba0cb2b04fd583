package io.zonecam.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.media.MediaFormatException;
import io.zonecam.media.rtp.DepacketizerFactory;
import java.nio.charset.StandardCharsets;

/** SdpFuzzTest feeds arbitrary text to the SDP parser and the depacketizer factory. */
class SdpFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parserThrowsOnlySdpExceptionAndRoundTripsWhatItAccepts(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(text);
        } catch (SdpException expected) {
            return;
        }
        assertThat(sdp.media()).hasSizeLessThanOrEqualTo(SessionDescription.MAX_MEDIA);
        int trackId = 1;
        for (MediaDescription m : sdp.media()) {
            try {
                DepacketizerFactory.create(m, trackId++);
            } catch (MediaFormatException expected) {
                // malformed codec parameters are reported, nothing else may escape
            }
        }
    }
}
