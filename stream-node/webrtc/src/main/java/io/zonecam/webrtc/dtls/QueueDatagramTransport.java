package io.zonecam.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * QueueDatagramTransport is a BouncyCastle {@link DatagramTransport} over a bounded in-memory queue: the network
 * side offers datagrams, the handshake thread receives them, and sends go to a callback. No socket is involved.
 *
 * <p>One thread receives and sends (the session thread); any thread may {@link #offer} and {@link #requestClose}.
 * While {@link #handshaking}, sends are capped and a hard deadline backs BouncyCastle's own handshake timeout.
 */
final class QueueDatagramTransport implements DatagramTransport {

    /** Thrown to BouncyCastle when the session was closed locally. */
    static final class ClosedException extends IOException {
        ClosedException() {
            super("DTLS session closed locally", null);
        }
    }

    /**
     * Wakes a connected session's receive for a local close. BouncyCastle passes an {@link InterruptedIOException}
     * through without failing the connection (any other exception makes it send internal_error), and returning -1
     * instead would make its receive loop spin until its wait time is up.
     */
    static final class CloseWakeup extends InterruptedIOException {
        CloseWakeup() {
            super("DTLS session close requested");
        }
    }

    /** Thrown to BouncyCastle when a handshake exceeds its datagram budget. */
    static final class SendLimitException extends IOException {
        SendLimitException(int limit) {
            super("handshake sent more than " + limit + " datagrams", null);
        }
    }

    /** Thrown to BouncyCastle when the hard handshake deadline passed. */
    static final class DeadlineException extends IOException {
        DeadlineException() {
            super("handshake deadline passed", null);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<byte[]> queue;
    private final int capacity;
    private final int receiveLimit;
    private final int sendLimit;
    private final int maxHandshakeSends;
    private final long handshakeDeadlineNanos;
    private final Consumer<byte[]> sink;
    private final Runnable onSent;
    private final Runnable onSinkError;

    private boolean closeRequested; // guarded by lock
    private volatile boolean closed;
    private volatile boolean handshaking = true;
    private volatile boolean sendLimitExceeded;
    private volatile boolean deadlinePassed;
    private int handshakeSends; // session thread only
    private int highWatermark; // guarded by lock

    QueueDatagramTransport(
            int capacity,
            int receiveLimit,
            int sendLimit,
            int maxHandshakeSends,
            long handshakeDeadlineNanos,
            Consumer<byte[]> sink,
            Runnable onSent,
            Runnable onSinkError) {
        this.queue = new ArrayDeque<>(capacity);
        this.capacity = capacity;
        this.receiveLimit = receiveLimit;
        this.sendLimit = sendLimit;
        this.maxHandshakeSends = maxHandshakeSends;
        this.handshakeDeadlineNanos = handshakeDeadlineNanos;
        this.sink = sink;
        this.onSent = onSent;
        this.onSinkError = onSinkError;
    }

    /** Queues a datagram for the receiver; false when the queue is full or the transport is closed. */
    boolean offer(byte[] datagram) {
        lock.lock();
        try {
            if (closed || closeRequested || queue.size() >= capacity) {
                return false;
            }
            queue.addLast(datagram);
            highWatermark = Math.max(highWatermark, queue.size());
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Asks the receiving thread to stop: a handshake in progress aborts, a connected session sends close_notify. */
    void requestClose() {
        stop(false);
    }

    boolean closeRequested() {
        lock.lock();
        try {
            return closeRequested;
        } finally {
            lock.unlock();
        }
    }

    /** The handshake finished: lift the send budget and the deadline. */
    void handshakeDone() {
        handshaking = false;
    }

    boolean sendLimitExceeded() {
        return sendLimitExceeded;
    }

    boolean deadlinePassed() {
        return deadlinePassed;
    }

    /** Most datagrams ever queued at once: never above the capacity. */
    int highWatermark() {
        lock.lock();
        try {
            return highWatermark;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int getReceiveLimit() {
        return receiveLimit;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    /**
     * Waits up to {@code waitMillis} for a datagram. Returns -1 on timeout, which BouncyCastle takes as "retransmit
     * now" during a handshake and "nothing yet" afterwards.
     */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        byte[] datagram;
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMillis));
            while (true) {
                if (closeRequested || closed) {
                    if (handshaking || closed) {
                        throw new ClosedException();
                    }
                    throw new CloseWakeup(); // connected: the session loop then sends close_notify
                }
                if (handshaking && System.nanoTime() - handshakeDeadlineNanos > 0) {
                    deadlinePassed = true;
                    throw new DeadlineException();
                }
                datagram = queue.pollFirst();
                if (datagram != null) {
                    break;
                }
                if (nanos <= 0) {
                    return -1;
                }
                if (handshaking) {
                    nanos = Math.min(nanos, Math.max(1, handshakeDeadlineNanos - System.nanoTime()));
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a datagram");
        } finally {
            lock.unlock();
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            return; // nobody listens any more; alerts raised while tearing down are dropped
        }
        if (handshaking && ++handshakeSends > maxHandshakeSends) {
            sendLimitExceeded = true;
            throw new SendLimitException(maxHandshakeSends);
        }
        try {
            sink.accept(Arrays.copyOfRange(buf, off, off + len));
            onSent.run();
        } catch (RuntimeException e) {
            // The transport layer's problem, not the handshake's: count it and let retransmission cope.
            onSinkError.run();
        }
    }

    /** Called by BouncyCastle when the DTLS connection ends, and by the session when its thread exits. */
    @Override
    public void close() {
        stop(true);
    }

    /**
     * Marks the transport closed ({@code close}) or asked to close, drops what is queued and wakes the receiving
     * thread, which then sees the mark.
     */
    private void stop(boolean close) {
        lock.lock();
        try {
            if (close) {
                closed = true;
            } else {
                closeRequested = true;
            }
            queue.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
