package io.zonecam.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.zonecam.testing.NettyLeakCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RTMP chunk stream decoding (RTMP 1.0 §5.3) with byte arrays commented field by field. */
@ExtendWith(NettyLeakCheck.class)
class RtmpChunkDecoderTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new RtmpChunkDecoder(1 << 20, 1 << 20, 8));
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static List<RtmpMessage> drain(EmbeddedChannel ch) {
        List<RtmpMessage> out = new ArrayList<>();
        RtmpMessage m;
        while ((m = ch.readInbound()) != null) {
            out.add(m);
        }
        return out;
    }

    @Test
    void decodesFormatZeroThenOneTwoAndThreeWithTimestampDeltas() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(bytes(
                // fmt 0, csid 4: timestamp 1000, length 2, type 9 (video), stream id 1 (little-endian)
                0x04,
                0x00,
                0x03,
                0xE8,
                0x00,
                0x00,
                0x02,
                0x09,
                0x01,
                0x00,
                0x00,
                0x00,
                0xAA,
                0xBB,
                // fmt 1, csid 4: delta 40, length 3, type 9
                0x44,
                0x00,
                0x00,
                0x28,
                0x00,
                0x00,
                0x03,
                0x09,
                0x01,
                0x02,
                0x03,
                // fmt 2, csid 4: delta 33, length and type inherited
                0x84,
                0x00,
                0x00,
                0x21,
                0x04,
                0x05,
                0x06,
                // fmt 3, csid 4: everything inherited, delta 33 repeats
                0xC4,
                0x07,
                0x08,
                0x09)));
        List<RtmpMessage> m = drain(ch);
        assertThat(m).extracting(RtmpMessage::timestamp).containsExactly(1000L, 1040L, 1073L, 1106L);
        assertThat(m).extracting(RtmpMessage::typeId).containsOnly(RtmpMessage.VIDEO);
        assertThat(m).extracting(RtmpMessage::streamId).containsOnly(1);
        assertThat(m.get(0).payload()).containsExactly(0xAA, 0xBB);
        assertThat(m.get(3).payload()).containsExactly(7, 8, 9);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void reassemblesAMessageSplitIntoChunksAndInterleavedWithAnotherStream() {
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        ByteBuf in = Unpooled.buffer();
        // fmt 0, csid 6: ts 0, length 300 (0x00012C), type 8 (audio), stream 1; then the first 128 bytes
        in.writeBytes(bytes(0x06, 0, 0, 0, 0x00, 0x01, 0x2C, 0x08, 1, 0, 0, 0));
        in.writeBytes(body, 0, 128);
        // fmt 0, csid 3 in between: command of 1 byte (0x05 = AMF0 null), type 20, stream 0
        in.writeBytes(bytes(0x03, 0, 0, 0, 0, 0, 1, 0x14, 0, 0, 0, 0, 0x05));
        // fmt 3, csid 6: continuation, next 128 bytes
        in.writeByte(0xC6);
        in.writeBytes(body, 128, 128);
        // fmt 3, csid 6: last 44 bytes
        in.writeByte(0xC6);
        in.writeBytes(body, 256, 44);
        EmbeddedChannel ch = channel();
        ch.writeInbound(in);
        List<RtmpMessage> m = drain(ch);
        assertThat(m).hasSize(2);
        assertThat(m.get(0).typeId()).isEqualTo(RtmpMessage.COMMAND_AMF0);
        assertThat(m.get(1).payload()).isEqualTo(body);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void readsExtendedTimestampsIncludingOnTypeThreeContinuations() {
        ByteBuf in = Unpooled.buffer();
        // fmt 0, csid 4: timestamp field 0xFFFFFF (extended follows), length 130, type 9, stream 1
        in.writeBytes(bytes(0x04, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x82, 0x09, 1, 0, 0, 0));
        // extended timestamp 0x01000000 (16777216 ms)
        in.writeBytes(bytes(0x01, 0x00, 0x00, 0x00));
        in.writeBytes(new byte[128]);
        // fmt 3 continuation repeats the extended timestamp (ffmpeg and librtmp write it), then 2 bytes
        in.writeBytes(bytes(0xC4, 0x01, 0x00, 0x00, 0x00, 0x11, 0x22));
        EmbeddedChannel ch = channel();
        ch.writeInbound(in);
        RtmpMessage m = ch.readInbound();
        assertThat(m.timestamp()).isEqualTo(0x01000000L);
        assertThat(m.payload()).hasSize(130).endsWith(0x11, 0x22);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void appliesSetChunkSizeToTheChunksThatFollowIt() {
        ByteBuf in = Unpooled.buffer();
        // fmt 0, csid 2: Set Chunk Size (type 1), length 4, stream 0, payload 4096
        in.writeBytes(bytes(0x02, 0, 0, 0, 0, 0, 4, 0x01, 0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00));
        // fmt 0, csid 4: 300-byte video message in one chunk (it would need three at the default 128)
        in.writeBytes(bytes(0x04, 0, 0, 0, 0x00, 0x01, 0x2C, 0x09, 1, 0, 0, 0));
        in.writeBytes(new byte[300]);
        RtmpChunkDecoder decoder = new RtmpChunkDecoder(1 << 20, 1 << 20, 8);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(in);
        List<RtmpMessage> m = drain(ch);
        assertThat(m).extracting(RtmpMessage::typeId).containsExactly(RtmpMessage.SET_CHUNK_SIZE, RtmpMessage.VIDEO);
        assertThat(m.get(1).payload()).hasSize(300);
        assertThat(decoder.chunkSize()).isEqualTo(4096);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void decodesTwoAndThreeByteBasicHeaders() {
        ByteBuf in = Unpooled.buffer();
        // fmt 0, csid field 0 → csid = 64 + 10 = 74
        in.writeBytes(bytes(0x00, 10, 0, 0, 5, 0, 0, 1, 0x12, 0, 0, 0, 0, 0x05));
        // fmt 0, csid field 1 → csid = 64 + 0x2C + 0x01*256 = 364
        in.writeBytes(bytes(0x01, 0x2C, 0x01, 0, 0, 6, 0, 0, 1, 0x12, 0, 0, 0, 0, 0x05));
        EmbeddedChannel ch = channel();
        ch.writeInbound(in);
        List<RtmpMessage> m = drain(ch);
        assertThat(m).extracting(RtmpMessage::chunkStreamId).containsExactly(74, 364);
        assertThat(m).extracting(RtmpMessage::timestamp).containsExactly(5L, 6L);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void abortDropsThePartialMessage() {
        ByteBuf in = Unpooled.buffer();
        // fmt 0, csid 4: 200-byte message, only the first 128 bytes sent
        in.writeBytes(bytes(0x04, 0, 0, 0, 0, 0, 200, 0x09, 1, 0, 0, 0));
        in.writeBytes(new byte[128]);
        // Abort (type 2) for chunk stream 4
        in.writeBytes(bytes(0x02, 0, 0, 0, 0, 0, 4, 0x02, 0, 0, 0, 0, 0, 0, 0, 4));
        // A new fmt 0 message on csid 4 is legal again
        in.writeBytes(bytes(0x04, 0, 0, 9, 0, 0, 1, 0x09, 1, 0, 0, 0, 0x17));
        EmbeddedChannel ch = channel();
        ch.writeInbound(in);
        List<RtmpMessage> m = drain(ch);
        assertThat(m).extracting(RtmpMessage::typeId).containsExactly(RtmpMessage.ABORT, RtmpMessage.VIDEO);
        assertThat(m.get(1).payload()).containsExactly(0x17);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void waitsForIncompleteChunksWithoutConsumingThem() {
        byte[] all = bytes(0x04, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x02, 0x09, 0x01, 0x00, 0x00, 0x00, 0xAA, 0xBB);
        EmbeddedChannel ch = channel();
        for (byte b : all) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        RtmpMessage m = ch.readInbound();
        assertThat(m.payload()).containsExactly(0xAA, 0xBB);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void refusesAMessageOverTheLengthLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpChunkDecoder(4096, 1000, 8));
        // fmt 0, csid 4: declared length 0x100000 (1 MiB) > limit 1000
        assertThatThrownBy(() -> ch.writeInbound(
                        Unpooled.wrappedBuffer(bytes(0x04, 0, 0, 0, 0x10, 0x00, 0x00, 0x09, 1, 0, 0, 0))))
                .isInstanceOf(DecoderException.class)
                .hasRootCauseInstanceOf(RtmpException.class)
                .hasMessageContaining("exceeds the limit of 1000");
        ch.finishAndReleaseAll();
    }

    @Test
    void refusesTooManyChunkStreams() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpChunkDecoder(4096, 1000, 2));
        ByteBuf in = Unpooled.buffer();
        for (int csid = 3; csid <= 5; csid++) {
            in.writeBytes(bytes(csid, 0, 0, 0, 0, 0, 1, 0x09, 1, 0, 0, 0, 0));
        }
        assertThatThrownBy(() -> ch.writeInbound(in)).hasMessageContaining("more than 2 chunk streams");
        ch.finishAndReleaseAll();
    }

    @Test
    void refusesAChunkSizeOverTheCapAndWithTheTopBitSet() {
        for (long size : new long[] {0x80000080L, 1 << 24, 0}) {
            EmbeddedChannel ch = new EmbeddedChannel(new RtmpChunkDecoder(65536, 1000, 8));
            byte[] msg = bytes(
                    0x02,
                    0,
                    0,
                    0,
                    0,
                    0,
                    4,
                    0x01,
                    0,
                    0,
                    0,
                    0,
                    (int) (size >>> 24),
                    (int) (size >>> 16),
                    (int) (size >>> 8),
                    (int) size);
            assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(msg)))
                    .hasMessageContaining("chunk size");
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void refusesAFirstChunkThatIsNotFormatZero() {
        EmbeddedChannel ch = channel();
        // fmt 1 on csid 4 that was never opened
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x44, 0, 0, 0, 0, 0, 1, 9, 0))))
                .hasMessageContaining("first chunk on chunk stream 4 has format 1");
        ch.finishAndReleaseAll();
    }

    @Test
    void refusesANewHeaderInTheMiddleOfAMessage() {
        EmbeddedChannel ch = channel();
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(bytes(0x04, 0, 0, 0, 0, 0, 200, 0x09, 1, 0, 0, 0));
        in.writeBytes(new byte[128]);
        in.writeBytes(bytes(0x84, 0, 0, 1)); // fmt 2 while 72 bytes are still owed
        assertThatThrownBy(() -> ch.writeInbound(in)).hasMessageContaining("still incomplete");
        ch.finishAndReleaseAll();
    }

    @Test
    void roundTripsThroughTheEncoderAcrossChunkSizesAndExtendedTimestamps() {
        byte[] payload = new byte[10_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        RtmpChunkEncoder encoder = new RtmpChunkEncoder();
        encoder.chunkSize(1000);
        EmbeddedChannel out = new EmbeddedChannel(encoder);
        RtmpMessage small = new RtmpMessage(3, RtmpMessage.COMMAND_AMF0, 0, 5, new byte[] {5});
        RtmpMessage big = new RtmpMessage(400, RtmpMessage.VIDEO, 1, 0x12345678L, payload); // needs the extended field
        out.writeOutbound(small, big);
        RtmpChunkDecoder decoder = new RtmpChunkDecoder(1 << 20, 1 << 20, 8);
        EmbeddedChannel in = new EmbeddedChannel(decoder);
        // The peer must learn the chunk size first: Set Chunk Size 1000.
        in.writeInbound(Unpooled.wrappedBuffer(bytes(0x02, 0, 0, 0, 0, 0, 4, 0x01, 0, 0, 0, 0, 0, 0, 0x03, 0xE8)));
        ByteBuf b;
        while ((b = out.readOutbound()) != null) {
            in.writeInbound(b);
        }
        List<RtmpMessage> m = drain(in);
        assertThat(m).hasSize(3);
        assertThat(m.get(1).payload()).containsExactly(5);
        assertThat(m.get(2).chunkStreamId()).isEqualTo(400);
        assertThat(m.get(2).timestamp()).isEqualTo(0x12345678L);
        assertThat(m.get(2).payload()).isEqualTo(payload);
        assertThat(out.finish()).isFalse();
        assertThat(in.finish()).isFalse();
    }

    @Test
    void theEncoderAppliesTheChunkSizeItAnnouncesAsThePeersDecoderWill() {
        // §5.4.1: Set Chunk Size (1, on chunk stream 2) 4096, then a 3000-byte message that now fits one chunk.
        EmbeddedChannel out = new EmbeddedChannel(new RtmpChunkEncoder());
        out.writeOutbound(
                new RtmpMessage(2, RtmpMessage.SET_CHUNK_SIZE, 0, 0, bytes(0, 0, 0x10, 0)),
                new RtmpMessage(3, RtmpMessage.COMMAND_AMF0, 0, 0, new byte[3000]));
        EmbeddedChannel in = new EmbeddedChannel(new RtmpChunkDecoder(1 << 20, 1 << 20, 8));
        ByteBuf b;
        int written = 0;
        while ((b = out.readOutbound()) != null) {
            written += b.readableBytes();
            in.writeInbound(b);
        }
        assertThat(written).isEqualTo((12 + 4) + (12 + 3000)); // two format 0 chunks, no continuation headers
        List<RtmpMessage> m = drain(in);
        assertThat(m)
                .extracting(RtmpMessage::typeId)
                .containsExactly(RtmpMessage.SET_CHUNK_SIZE, RtmpMessage.COMMAND_AMF0);
        assertThat(m.get(1).payload()).hasSize(3000);
        assertThat(out.finish()).isFalse();
        assertThat(in.finish()).isFalse();
    }
}
