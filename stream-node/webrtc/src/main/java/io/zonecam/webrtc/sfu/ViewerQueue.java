package io.zonecam.webrtc.sfu;

import java.util.List;

/**
 * ViewerQueue is one viewer's bounded queue of shared packets with the slow-viewer drop policy (SFU.md), and the NACKs
 * and the sender report waiting for the viewer's egress worker.
 *
 * <p>Producers (the camera's ingest thread, the receive thread, housekeeping) add under the queue's lock in O(1) and
 * never block; the one egress worker of the viewer takes batches. The queue knows no sockets, keys or threads: it
 * calls {@code onWork} (outside its lock) when it goes from idle to having work, and the owner hands the viewer to
 * its worker then. Nothing is queued before {@link #open()} or after {@link #close()}.
 */
final class ViewerQueue {

    /** Packets one batch takes before the viewer goes to the back of its worker's run queue (fairness). */
    static final int BATCH = 64;
    /** NACKed sequence numbers waiting at most; more are dropped (the rate limiter makes that rare). */
    static final int MAX_PENDING_NACKS = 512;
    /** Packets queued at most, whatever their size. */
    static final int MAX_QUEUED_PACKETS = 8192;

    private final long maxBytes;
    private final DropCounters drops;
    private final Runnable onWork;
    private final Object lock = new Object();

    // Guarded by lock.
    private boolean open;
    private boolean closed;
    private OutboundPacket[] ring = new OutboundPacket[64];
    private int[] ringDelta = new int[64];
    private int head;
    private int size;
    private long queuedBytes;
    private final int[] nacks = new int[MAX_PENDING_NACKS];
    private int nackCount;
    private boolean scheduled;
    private boolean waitingForKeyframe = true;
    private boolean senderReportDue;

    /**
     * @param maxBytes media bytes queued at most before the drop policy applies
     * @param drops    where dropped pictures, packets, flushes and NACKs are counted
     * @param onWork   called, outside the lock, when the queue has work and nobody was told yet
     */
    ViewerQueue(long maxBytes, DropCounters drops, Runnable onWork) {
        this.maxBytes = maxBytes;
        this.drops = drops;
        this.onWork = onWork;
    }

    /** Starts accepting media (the viewer's keys are ready); false when the queue was closed first. */
    boolean open() {
        synchronized (lock) {
            if (open || closed) {
                return false;
            }
            open = true;
            return true;
        }
    }

    /** Drops everything and accepts nothing more. */
    void close() {
        synchronized (lock) {
            open = false;
            closed = true;
            clear();
            nackCount = 0;
            senderReportDue = false;
        }
    }

    /** Queues a live picture, applying the slow-viewer policy (SFU.md). Called under the camera's lock. */
    void enqueueVideo(VideoAccessUnit au) {
        OutboundPacket[] packets = au.packets();
        synchronized (lock) {
            if (!open) {
                return;
            }
            if (waitingForKeyframe && !au.keyframe()) {
                // Every picture up to the next keyframe refers back to one this viewer did not get.
                drops.frameDropped(packets.length);
                return;
            }
            if (queuedBytes + au.bytes() > maxBytes || size + packets.length > MAX_QUEUED_PACKETS) {
                if (!au.keyframe()) {
                    waitingForKeyframe = true;
                    drops.frameDropped(packets.length);
                    return;
                }
                // A keyframe makes everything queued before it useless: flush, and start again from it.
                drops.queueFlushed(size);
                clear();
                if (au.bytes() > maxBytes) {
                    waitingForKeyframe = true;
                    drops.frameDropped(packets.length);
                    return;
                }
            }
            if (au.keyframe()) {
                waitingForKeyframe = false;
            }
            for (OutboundPacket p : packets) {
                append(p, 0);
            }
            if (!markScheduled()) {
                return;
            }
        }
        onWork.run();
    }

    /**
     * Queues a cached GOP, keyframe first, with timestamps squeezed together so the browser decodes it at once and
     * stays at the live edge instead of playing the GOP out in real time: a new viewer's copy ends exactly at the
     * newest picture's timestamp; a PLI answer's copy starts one tick after it (the viewer has already seen that
     * timestamp) and live pictures, a frame interval later, still come after it.
     */
    void enqueueBurst(List<VideoAccessUnit> gop, boolean newViewer) {
        int newest = gop.get(gop.size() - 1).timestamp();
        int first = newViewer ? newest - (gop.size() - 1) : newest + 1;
        synchronized (lock) {
            if (!open) {
                return;
            }
            if (!newViewer) {
                // Whatever is still queued is older than the burst; the burst replaces it.
                drops.packetsDropped(size);
                clear();
            }
            for (int i = 0; i < gop.size(); i++) {
                VideoAccessUnit au = gop.get(i);
                int delta = first + i - au.timestamp();
                for (OutboundPacket p : au.packets()) {
                    append(p, delta);
                }
            }
            waitingForKeyframe = false;
            if (!markScheduled()) {
                return;
            }
        }
        onWork.run();
    }

    /** Queues an audio packet; dropped alone when the queue is full (audio frames stand alone). */
    void enqueueAudio(OutboundPacket p) {
        synchronized (lock) {
            if (!open) {
                return;
            }
            if (queuedBytes + p.data.length > maxBytes || size == MAX_QUEUED_PACKETS) {
                drops.packetsDropped(1);
                return;
            }
            append(p, 0);
            if (!markScheduled()) {
                return;
            }
        }
        onWork.run();
    }

    /** Queues NACKed video sequence numbers (viewer numbering) for retransmission; beyond the bound they are missed. */
    void enqueueNacks(int[] lost) {
        synchronized (lock) {
            if (!open) {
                return;
            }
            for (int seq : lost) {
                if (nackCount < MAX_PENDING_NACKS) {
                    nacks[nackCount++] = seq & 0xFFFF;
                } else {
                    drops.nackMissed();
                }
            }
            if (!markScheduled()) {
                return;
            }
        }
        onWork.run();
    }

    /** Asks the worker for a sender report on its next turn. */
    void requestSenderReport() {
        synchronized (lock) {
            if (!open) {
                return;
            }
            senderReportDue = true;
            if (!markScheduled()) {
                return;
            }
        }
        onWork.run();
    }

    /**
     * Moves up to {@link #BATCH} packets, every pending NACK and the sender-report request into {@code batch}. Returns
     * false, and forgets that the viewer was scheduled, when the queue is closed.
     */
    boolean take(EgressBatch batch) {
        synchronized (lock) {
            if (!open) {
                scheduled = false;
                return false;
            }
            batch.nackCount = nackCount;
            System.arraycopy(nacks, 0, batch.nacks, 0, nackCount);
            nackCount = 0;
            batch.senderReport = senderReportDue;
            senderReportDue = false;
            int n = Math.min(size, BATCH);
            int mask = ring.length - 1;
            for (int i = 0; i < n; i++) {
                batch.packets[i] = ring[head];
                batch.deltas[i] = ringDelta[head];
                queuedBytes -= ring[head].data.length;
                ring[head] = null;
                head = (head + 1) & mask;
            }
            size -= n;
            batch.size = n;
            return true;
        }
    }

    /** After a batch was sent: true when more work waits (the worker keeps the viewer), else the viewer is idle. */
    boolean finishBatch() {
        synchronized (lock) {
            if (open && (size > 0 || nackCount > 0 || senderReportDue)) {
                return true;
            }
            scheduled = false;
            return false;
        }
    }

    /** Packets waiting now. */
    int queuedPackets() {
        synchronized (lock) {
            return size;
        }
    }

    private void append(OutboundPacket p, int delta) {
        if (size == ring.length) {
            int n = ring.length * 2;
            OutboundPacket[] r = new OutboundPacket[n];
            int[] d = new int[n];
            for (int i = 0; i < size; i++) {
                int k = (head + i) & (ring.length - 1);
                r[i] = ring[k];
                d[i] = ringDelta[k];
            }
            ring = r;
            ringDelta = d;
            head = 0;
        }
        int k = (head + size) & (ring.length - 1);
        ring[k] = p;
        ringDelta[k] = delta;
        size++;
        queuedBytes += p.data.length;
    }

    private void clear() {
        for (int i = 0; i < size; i++) {
            ring[(head + i) & (ring.length - 1)] = null;
        }
        head = 0;
        size = 0;
        queuedBytes = 0;
    }

    /** Under lock: true when the caller must report work (once until the worker finds the queue idle). */
    private boolean markScheduled() {
        if (scheduled) {
            return false;
        }
        scheduled = true;
        return true;
    }
}
