package io.zonecam.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.zonecam.ingest.rtmp.Amf0;
import io.zonecam.ingest.rtmp.Amf0Exception;
import io.zonecam.ingest.rtmp.FlvMediaDemuxer;
import io.zonecam.ingest.rtmp.RtmpChunkDecoder;
import io.zonecam.ingest.rtmp.RtmpException;
import io.zonecam.ingest.rtmp.RtmpMessage;
import io.zonecam.media.frame.MediaFrame;

/**
 * Fuzzes the RTMP chunk decoder, the AMF0 decoder and the FLV demuxer: only the documented exceptions may escape, and
 * no message may exceed the length cap.
 */
class RtmpChunkDecoderFuzzTest {

    private static final int MAX_MESSAGE = 64 * 1024;

    @FuzzTest(maxDuration = "30s")
    void chunkDecoderOnlyThrowsRtmpExceptionAndCapsMessages(FuzzedDataProvider data) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpChunkDecoder(65536, MAX_MESSAGE, 8));
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 1024));
                try {
                    ch.writeInbound(Unpooled.wrappedBuffer(chunk));
                } catch (DecoderException e) {
                    assertThat(e.getCause()).isInstanceOf(RtmpException.class);
                    return; // the server closes the connection here
                }
                RtmpMessage m;
                while ((m = ch.readInbound()) != null) {
                    assertThat(m.payload().length).isLessThanOrEqualTo(MAX_MESSAGE);
                }
            }
        } finally {
            try {
                ch.finishAndReleaseAll();
            } catch (DecoderException ignored) {
                // decodeLast on close may report the same protocol error again
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void amf0DecoderOnlyThrowsAmf0Exception(byte[] data) {
        try {
            Amf0.decodeAll(data);
        } catch (Amf0Exception expected) {
            // malformed input is reported, never anything else
        }
    }

    @FuzzTest(maxDuration = "30s")
    void flvDemuxerNeverThrows(FuzzedDataProvider data) {
        FlvMediaDemuxer demuxer = new FlvMediaDemuxer(new FlvMediaDemuxer.Output() {
            @Override
            public void tracksChanged() {}

            @Override
            public void frame(MediaFrame frame) {
                assertThat(frame.data()).isNotNull();
            }

            @Override
            public void dropped(String why, boolean malformed) {}
        });
        while (data.remainingBytes() > 0) {
            boolean video = data.consumeBoolean();
            long ts = data.consumeLong() & 0xFFFFFFFFL;
            byte[] payload = data.consumeBytes(data.consumeInt(0, 512));
            if (video) {
                demuxer.video(ts, payload);
            } else {
                demuxer.audio(ts, payload);
            }
        }
    }
}
