package io.zonecam.webrtc.rtx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetransmissionBufferTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RetransmissionBuffer buffer = new RetransmissionBuffer(64, 1_000_000_000L, now::get);

    static byte[] rtp(int seq, int payloadLength) {
        byte[] p = new byte[12 + payloadLength];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[8] = 0x11; // SSRC 0x11223344
        p[9] = 0x22;
        p[10] = 0x33;
        p[11] = 0x44;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (seq + i);
        }
        return p;
    }

    @Test
    void returnsTheSamePacketInstanceForAStoredSequenceNumber() {
        byte[] p = rtp(1000, 100);
        buffer.add(p);
        assertThat(buffer.get(1000)).isSameAs(p);
        assertThat(buffer.hits()).isEqualTo(1);
    }

    @Test
    void missesSequenceNumbersNeverStoredOrOverwrittenByTheRing() {
        for (int seq = 0; seq < 64 + 10; seq++) {
            buffer.add(rtp(seq, 10));
        }
        assertThat(buffer.get(5)).as("overwritten by 69").isNull();
        assertThat(buffer.get(69)).isNotNull();
        assertThat(buffer.get(500)).isNull();
        assertThat(buffer.misses()).isEqualTo(2);
        assertThat(buffer.stored()).isEqualTo(74);
    }

    @Test
    void followsTheSequenceNumberAcrossTheSixteenBitWrap() {
        for (int i = 0; i < 20; i++) {
            buffer.add(rtp((65_530 + i) & 0xFFFF, 10));
        }
        assertThat(buffer.get(65_535)).isNotNull();
        assertThat(buffer.get(3)).isNotNull();
        assertThat(buffer.get(65_536 + 3)).as("only the low 16 bits count").isNotNull();
    }

    @Test
    void packetsOlderThanTheAgeLimitAreNotRetransmitted() {
        buffer.add(rtp(7, 10));
        now.addAndGet(1_000_000_001L);
        assertThat(buffer.get(7)).isNull();
        assertThat(buffer.expired()).isEqualTo(1);
        assertThat(buffer.hits()).isZero();
    }

    @Test
    void genericNackBitmaskSelectsPidAndTheFollowingSixteen() {
        for (int seq = 100; seq < 120; seq++) {
            buffer.add(rtp(seq, 10));
        }
        List<Integer> found = new ArrayList<>();
        // PID 100, BLP bits 0 and 15: 101 and 116 (RFC 4585 §6.2.1)
        int n = buffer.lookupNack(100, 0b1000_0000_0000_0001, p -> found.add(RtpHeader.sequenceNumber(p)));
        assertThat(n).isEqualTo(3);
        assertThat(found).containsExactly(100, 101, 116);
    }

    @Test
    void nonRtpInputIsCountedAndNotStored() {
        buffer.add(new byte[5]);
        byte[] v1 = rtp(3, 10);
        v1[0] = 0x40;
        buffer.add(v1);
        buffer.add(null);
        assertThat(buffer.rejected()).isEqualTo(3);
        assertThat(buffer.get(3)).isNull();
    }

    @Test
    void concurrentReadersSeeOnlyWholeEntriesWithTheRequestedSequenceNumber() throws Exception {
        RetransmissionBuffer shared = new RetransmissionBuffer(128, Long.MAX_VALUE, System::nanoTime);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int seq = 0; seq < 200_000; seq++) {
                shared.add(rtp(seq & 0xFFFF, 4));
            }
        });
        List<Thread> readers = new ArrayList<>();
        AtomicLong wrong = new AtomicLong();
        for (int r = 0; r < 3; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200_000; i++) {
                    int seq = i & 0xFFFF;
                    byte[] p = shared.get(seq);
                    if (p != null && RtpHeader.sequenceNumber(p) != seq) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        writer.join(10_000);
        for (Thread t : readers) {
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(writer.isAlive()).isFalse();
        assertThat(wrong.get()).isZero();
    }

    @Test
    void rejectsCapacitiesThatAreNotPowersOfTwoOrWouldAliasTheSequenceSpace() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RetransmissionBuffer(100, 1, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RetransmissionBuffer(65_536, 1, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
