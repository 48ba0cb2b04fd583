package io.zonecam.webrtc.sfu;

import io.zonecam.webrtc.transport.DatagramSender;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * EgressWorker is one of the SFU's sending threads: it takes viewers with queued work from its run queue, and for each
 * rewrites headers and encrypts one batch before moving on to the next viewer, so one viewer's burst never holds up
 * the others for more than a batch. The datagrams of consecutive viewers collect in one outgoing batch that leaves in
 * one send when the run queue is empty or the batch is full (one {@code sendmmsg} on Linux instead of a
 * {@code sendto} per packet). Each viewer belongs to one worker for its whole life, which keeps its
 * outbound SRTP context single-threaded. Its {@link EgressScratch} (batch, datagram buffers, counters) is the worker's
 * own: nothing is allocated per packet.
 */
final class EgressWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(EgressWorker.class);

    private final EgressScratch scratch = new EgressScratch();
    private final DatagramSender sender;
    private final SfuMetrics metrics;
    private final ConcurrentLinkedQueue<Viewer> ready = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean idle;
    private volatile boolean running = true;

    /**
     * @param sender  where the worker's batches of datagrams go
     * @param metrics where send failures found when a batch leaves are counted
     */
    EgressWorker(int index, DatagramSender sender, SfuMetrics metrics) {
        this.sender = sender;
        this.metrics = metrics;
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
                // Nobody else waits: what the last viewers' batches left in the outgoing batch goes now.
                flush();
                idle = true;
                // Re-check after announcing idleness: a producer that offered before seeing it did not unpark.
                // No timeout: every offer after idle is set unparks (schedule), so does stop(); the offer and the
                // flag are both volatile, so either the producer sees idle or this thread sees the offer. An
                // idle node's workers (one per core) used to wake 20 times a second each for nothing.
                if (ready.isEmpty() && running) {
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            try {
                if (v.drain(scratch)) {
                    ready.offer(v);
                }
            } catch (RuntimeException e) {
                scratch.batch.clear();
                flush();
                LOG.warnf(e, "egress failed for %s; closing it", v);
                v.close(ViewerCloseReason.INTERNAL_ERROR);
            }
        }
    }

    private void flush() {
        scratch.flush(sender);
        scratch.flushTo(metrics);
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
}
