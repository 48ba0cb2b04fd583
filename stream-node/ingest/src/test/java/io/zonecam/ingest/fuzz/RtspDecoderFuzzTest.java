package io.zonecam.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zonecam.ingest.rtsp.InterleavedFrame;
import io.zonecam.ingest.rtsp.RtspDecodeFailure;
import io.zonecam.ingest.rtsp.RtspDecoder;
import io.zonecam.ingest.rtsp.RtspRequest;

/**
 * Fuzzes the RTSP request/interleaved decoder with arbitrary bytes split at arbitrary points: it must never throw,
 * never emit more than one failure, and never hand out a body or header set over the limits.
 */
class RtspDecoderFuzzTest {

    private static final RtspDecoder.Limits LIMITS = new RtspDecoder.Limits(256, 256, 16, 2048, 1024);

    @FuzzTest(maxDuration = "30s")
    void decoderNeverThrowsAndRespectsLimits(FuzzedDataProvider data) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspDecoder(LIMITS));
        int failures = 0;
        while (data.remainingBytes() > 0) {
            int n = data.consumeInt(1, 512);
            byte[] chunk = data.consumeBytes(n);
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            Object m;
            while ((m = ch.readInbound()) != null) {
                switch (m) {
                    case RtspRequest r -> {
                        assertThat(failures).isZero();
                        assertThat(r.body().length).isLessThanOrEqualTo(LIMITS.maxContentLength());
                        assertThat(r.headers().size()).isLessThanOrEqualTo(LIMITS.maxHeaders());
                        assertThat(r.uri().length()).isLessThanOrEqualTo(LIMITS.maxRequestLine());
                    }
                    case InterleavedFrame f -> assertThat(f.data().length).isLessThanOrEqualTo(0xFFFF);
                    case RtspDecodeFailure f -> failures++;
                    default -> throw new AssertionError("unexpected " + m);
                }
            }
        }
        assertThat(failures).isLessThanOrEqualTo(1);
        ch.finishAndReleaseAll();
    }
}
