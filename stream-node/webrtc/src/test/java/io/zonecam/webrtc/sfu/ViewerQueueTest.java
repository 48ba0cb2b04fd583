package io.zonecam.webrtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slow-viewer drop policy of SFU.md, on a viewer queue alone: no sockets, keys or threads. Pictures are 1,000-byte
 * packets so the byte budget is easy to count.
 */
class ViewerQueueTest {

    /** Room for exactly ten 1,000-byte packets. */
    static final long BUDGET = 10_000;

    final DropCounters drops = new DropCounters();
    final AtomicInteger wakeUps = new AtomicInteger();
    final ViewerQueue queue = new ViewerQueue(BUDGET, drops, wakeUps::incrementAndGet);
    final EgressBatch batch = new EgressBatch();
    int cameraSeq;

    @BeforeEach
    void open() {
        assertThat(queue.open()).isTrue();
    }

    /** Asserts how many video frames, and how many packets in all, the queue has dropped so far. */
    void assertDropped(long frames, long packets) {
        assertThat(drops.framesDropped.sum()).as("frames dropped").isEqualTo(frames);
        assertThat(drops.packetsDropped.sum()).as("packets dropped").isEqualTo(packets);
    }

    @Test
    void shouldQueueNothingBeforeTheFirstKeyframe() {
        queue.enqueueVideo(picture(false, 2, 3000));
        assertThat(queue.queuedPackets()).isZero();
        assertDropped(1, 2);

        queue.enqueueVideo(picture(true, 3, 6000));
        assertThat(queue.queuedPackets()).isEqualTo(3);
    }

    @Test
    void shouldDropAPictureThatWouldExceedTheBudgetAndEveryLaterOneUntilTheNextKeyframe() {
        queue.enqueueVideo(picture(true, 6, 0));
        queue.enqueueVideo(picture(false, 3, 3000));
        // 9 of 10 packets queued: a 2-packet picture no longer fits...
        queue.enqueueVideo(picture(false, 2, 6000));
        // ...and a 1-packet one that would fit still goes: it refers to the one just dropped.
        queue.enqueueVideo(picture(false, 1, 9000));

        assertThat(queue.queuedPackets()).isEqualTo(9);
        assertDropped(2, 3);
        assertThat(drops.queueFlushes.sum()).isZero();

        takeAll();
        queue.enqueueVideo(picture(false, 1, 12_000));
        assertThat(queue.queuedPackets()).as("still waiting for a keyframe").isZero();
        queue.enqueueVideo(picture(true, 4, 15_000));
        assertThat(queue.queuedPackets()).isEqualTo(4);
    }

    @Test
    void shouldFlushTheQueueForAKeyframeThatDoesNotFitAndQueueItAlone() {
        queue.enqueueVideo(picture(true, 5, 0));
        queue.enqueueVideo(picture(false, 4, 3000));
        queue.enqueueVideo(picture(true, 6, 6000));

        assertThat(drops.queueFlushes.sum()).isEqualTo(1);
        assertDropped(0, 9); // the nine flushed
        assertThat(takeAll()).extracting(p -> p.rtpTimestamp).containsOnly(6000);
    }

    @Test
    void shouldDropAKeyframeLargerThanTheWholeBudgetAndWaitForTheNext() {
        queue.enqueueVideo(picture(true, 2, 0));
        queue.enqueueVideo(picture(true, 11, 3000));

        assertThat(queue.queuedPackets()).isZero();
        assertThat(drops.queueFlushes.sum()).isEqualTo(1);
        assertThat(drops.framesDropped.sum()).isEqualTo(1);
        queue.enqueueVideo(picture(false, 1, 6000));
        assertThat(queue.queuedPackets()).isZero();
    }

    @Test
    void shouldDropAudioPacketsOneByOneWhenFull() {
        queue.enqueueVideo(picture(true, 9, 0));
        queue.enqueueAudio(audio(100));
        queue.enqueueAudio(audio(200));

        assertThat(queue.queuedPackets()).isEqualTo(10);
        assertDropped(0, 1);
    }

    @Test
    void shouldBoundThePacketCountWhateverTheBytes() {
        ViewerQueue big = new ViewerQueue(Long.MAX_VALUE, drops, () -> {});
        big.open();
        big.enqueueVideo(picture(true, ViewerQueue.MAX_QUEUED_PACKETS, 0));
        big.enqueueVideo(picture(false, 1, 3000));

        assertThat(big.queuedPackets()).isEqualTo(ViewerQueue.MAX_QUEUED_PACKETS);
        assertThat(drops.framesDropped.sum()).isEqualTo(1);
    }

    @Test
    void shouldSqueezeANewViewersGopToEndAtTheNewestTimestamp() {
        List<VideoAccessUnit> gop = List.of(picture(true, 2, 0), picture(false, 1, 3600), picture(false, 1, 7200));
        queue.enqueueBurst(gop, true);

        assertThat(timestamps(takeAll())).containsExactly(7198, 7198, 7199, 7200);
    }

    @Test
    void shouldReplaceWhatIsQueuedWithAKeyframeAnswerStartingOneTickAfterTheNewest() {
        queue.enqueueVideo(picture(true, 1, 0));
        queue.enqueueVideo(picture(false, 2, 3600));
        List<VideoAccessUnit> gop = List.of(picture(true, 1, 0), picture(false, 1, 3600));
        queue.enqueueBurst(gop, false);

        assertThat(drops.packetsDropped.sum()).as("the three replaced").isEqualTo(3);
        assertThat(timestamps(takeAll())).containsExactly(3601, 3602);
    }

    @Test
    void shouldHandTheViewerToItsWorkerOnceUntilTheWorkerFindsItIdle() {
        ViewerQueue queue = new ViewerQueue(1 << 20, drops, wakeUps::incrementAndGet);
        queue.open();
        queue.enqueueVideo(picture(true, 70, 0));
        queue.enqueueVideo(picture(false, 1, 3600));
        queue.requestSenderReport();
        assertThat(wakeUps).hasValue(1);

        assertThat(queue.take(batch)).isTrue();
        assertThat(batch.size).isEqualTo(ViewerQueue.BATCH);
        assertThat(batch.senderReport).isTrue();
        batch.clear();
        assertThat(queue.finishBatch()).as("seven packets left").isTrue();
        assertThat(queue.take(batch)).isTrue();
        assertThat(batch.size).isEqualTo(7);
        assertThat(batch.senderReport).isFalse();
        batch.clear();
        assertThat(queue.finishBatch()).isFalse();

        queue.enqueueAudio(audio(0));
        assertThat(wakeUps).hasValue(2);
    }

    @Test
    void shouldKeepNacksInOrderAndCountThoseBeyondTheBound() {
        int[] lost = new int[ViewerQueue.MAX_PENDING_NACKS + 3];
        for (int i = 0; i < lost.length; i++) {
            lost[i] = 0x1_0000 + i; // only the low 16 bits are a sequence number
        }
        queue.enqueueNacks(lost);

        assertThat(queue.take(batch)).isTrue();
        assertThat(batch.nackCount).isEqualTo(ViewerQueue.MAX_PENDING_NACKS);
        assertThat(batch.nacks[0]).isZero();
        assertThat(batch.nacks[ViewerQueue.MAX_PENDING_NACKS - 1]).isEqualTo(ViewerQueue.MAX_PENDING_NACKS - 1);
        assertThat(drops.nackMisses.sum()).isEqualTo(3);
    }

    @Test
    void shouldAcceptNothingWhenClosedAndNeverOpenAgain() {
        queue.enqueueVideo(picture(true, 3, 0));
        queue.close();

        assertThat(queue.queuedPackets()).isZero();
        queue.enqueueVideo(picture(true, 3, 3600));
        queue.enqueueNacks(new int[] {1});
        assertThat(queue.queuedPackets()).isZero();
        assertThat(queue.take(batch)).isFalse();
        assertThat(queue.open()).isFalse();
    }

    private VideoAccessUnit picture(boolean keyframe, int packets, int timestamp) {
        OutboundPacket[] p = new OutboundPacket[packets];
        for (int i = 0; i < packets; i++) {
            byte[] data = new byte[1000];
            OutboundPacket.writeHeader(data, 0, i == packets - 1, 96, cameraSeq, timestamp, 1);
            p[i] = new OutboundPacket(data, true, cameraSeq, timestamp);
            cameraSeq = (cameraSeq + 1) & 0xFFFF;
        }
        return new VideoAccessUnit(p, keyframe, packets * 1000, timestamp);
    }

    private static OutboundPacket audio(int timestamp) {
        byte[] data = new byte[1000];
        OutboundPacket.writeHeader(data, 0, false, 111, 0, timestamp, 2);
        return new OutboundPacket(data, false, 0, timestamp);
    }

    private List<OutboundPacket> takeAll() {
        List<OutboundPacket> all = new ArrayList<>();
        do {
            assertThat(queue.take(batch)).isTrue();
            for (int i = 0; i < batch.size; i++) {
                OutboundPacket p = batch.packets[i];
                // The timestamp the viewer gets: the camera's plus the burst's delta.
                all.add(new OutboundPacket(p.data, p.video, p.cameraSequence, p.rtpTimestamp + batch.deltas[i]));
            }
            batch.clear();
        } while (queue.finishBatch());
        return all;
    }

    private static List<Integer> timestamps(List<OutboundPacket> packets) {
        return packets.stream().map(p -> p.rtpTimestamp).toList();
    }
}
