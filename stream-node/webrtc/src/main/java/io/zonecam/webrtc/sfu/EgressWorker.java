package io.zonecam.webrtc.sfu;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * EgressWorker is one of the SFU's sending threads: it takes viewers with queued work from its run queue, and for each
 * rewrites headers, encrypts and sends one batch before moving on to the next viewer, so one viewer's burst never
 * holds up the others for more than a batch. Each viewer belongs to one worker for its whole life, which keeps its
 * outbound SRTP context single-threaded. Scratch buffers are the worker's own: nothing is allocated per packet.
 */
final class EgressWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(EgressWorker.class);
    private static final long IDLE_PARK_NANOS = 50_000_000L;

    final byte[] scratch = new byte[2048];
    final byte[] plain = new byte[2048];
    final OutboundPacket[] batch = new OutboundPacket[Viewer.BATCH];
    final int[] deltas = new int[Viewer.BATCH];
    final int[] nacks = new int[Viewer.MAX_PENDING_NACKS];
    // Counted locally and flushed to the shared adders once per batch.
    long packetsSent;
    long bytesSent;
    long retransmissions;
    long nackMisses;
    long senderReports;
    long sendFailures;
    long srtpErrors;

    private final ConcurrentLinkedQueue<Viewer> ready = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final LongAdder errors = new LongAdder();
    private volatile boolean idle;
    private volatile boolean running = true;

    EgressWorker(int index) {
        this.thread =
                Thread.ofPlatform().name("webrtc-egress-" + index).daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Hands a viewer with work to this worker; never blocks. */
    void schedule(Viewer v) {
        ready.offer(v);
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        while (running) {
            Viewer v = ready.poll();
            if (v == null) {
                idle = true;
                // Re-check after announcing idleness: a producer that offered before seeing it did not unpark.
                if (ready.isEmpty() && running) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                idle = false;
                continue;
            }
            try {
                if (v.drain(this)) {
                    ready.offer(v);
                }
            } catch (RuntimeException e) {
                errors.increment();
                LOG.warnf(e, "egress failed for %s; closing it", v);
                v.close(ViewerCloseReason.INTERNAL_ERROR);
            }
        }
    }

    void flushCounters(SfuMetrics m) {
        if (packetsSent != 0) {
            m.packetsSent.add(packetsSent);
            packetsSent = 0;
        }
        if (bytesSent != 0) {
            m.bytesSent.add(bytesSent);
            bytesSent = 0;
        }
        if (retransmissions != 0) {
            m.retransmissions.add(retransmissions);
            retransmissions = 0;
        }
        if (nackMisses != 0) {
            m.nackMisses.add(nackMisses);
            nackMisses = 0;
        }
        if (senderReports != 0) {
            m.senderReports.add(senderReports);
            senderReports = 0;
        }
        if (sendFailures != 0) {
            m.sendFailures.add(sendFailures);
            m.packetsDropped.add(sendFailures);
            sendFailures = 0;
        }
        if (srtpErrors != 0) {
            m.srtpErrors.add(srtpErrors);
            srtpErrors = 0;
        }
    }

    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long errors() {
        return errors.sum();
    }
}
