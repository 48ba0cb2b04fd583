package io.zonecam.recording;

import io.zonecam.recording.store.ObjectStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Uploader moves finalized objects from the {@link Spool} to the {@link ObjectStore}: a fixed pool of workers
 * PUTs each object under its key, deletes the local file only after the store accepted it, and retries failures
 * forever with capped exponential backoff and jitter (an object is never given up: the store may be down for
 * an hour and the spool holds it meanwhile).
 *
 * <p>Backoff before retry {@code n} (1-based): {@code d = min(maxBackoff, initialBackoff · 2^(n-1))}, waited as
 * {@code d/2 + random(0, d/2)} ("equal jitter"), so retries of many objects spread out but never hammer. The first
 * success of an object that had failed means the store is back: every object still waiting out its backoff is retried
 * at once (the workers bound the load), so a backlog does not wait up to the cap after an outage.
 *
 * <p>At most {@link Config#maxQueued()} objects are tracked in memory; more ready objects stay only on disk and
 * are picked up by a rescan of {@code ready/} once the queue has drained below half. Gauges:
 * {@link #pending()} and {@link #lagSeconds()}.
 */
public final class Uploader implements AutoCloseable {

    /**
     * Config sizes the uploader.
     *
     * @param workers        concurrent uploads
     * @param initialBackoff backoff before the first retry
     * @param maxBackoff     cap of the backoff
     * @param maxQueued      objects tracked in memory at once
     */
    public record Config(int workers, Duration initialBackoff, Duration maxBackoff, int maxQueued) {
        public Config {
            if (workers < 1
                    || maxQueued < 1
                    || initialBackoff.isNegative()
                    || initialBackoff.isZero()
                    || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("bad uploader config");
            }
        }

        /** 4 workers, 500 ms to 60 s backoff, 100,000 objects tracked. */
        public static Config defaults() {
            return new Config(4, Duration.ofMillis(500), Duration.ofSeconds(60), 100_000);
        }
    }

    private static final Logger LOG = Logger.getLogger(Uploader.class);

    private final Spool spool;
    private final ObjectStore store;
    private final Config config;
    private final RecordingMetrics metrics;
    private final DelayQueue<Task> queue = new DelayQueue<>();
    private final Map<String, Task> tracked = new ConcurrentHashMap<>();
    private final List<Consumer<RecordingKey>> listeners = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Object idle = new Object();
    private volatile boolean overflowed;
    private volatile boolean running;

    public Uploader(Spool spool, ObjectStore store, Config config) {
        this.spool = Objects.requireNonNull(spool);
        this.store = Objects.requireNonNull(store);
        this.config = Objects.requireNonNull(config);
        this.metrics = spool.metrics();
    }

    /** Registers a listener called on an upload worker after each object is stored (e.g. to notify viewers). */
    public void onUploaded(Consumer<RecordingKey> listener) {
        listeners.add(listener);
    }

    /** Queues what is already in {@code ready/} (oldest first), follows new objects, starts the workers. */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        running = true;
        spool.onReady(this::enqueue);
        rescan();
        for (int i = 0; i < config.workers(); i++) {
            Thread t =
                    Thread.ofPlatform().name("recording-upload-" + i).daemon().start(this::work);
            workers.add(t);
        }
    }

    /** Objects waiting for upload (queued, in flight, or on disk beyond the in-memory bound): a gauge. */
    public int pending() {
        return spool.readyCount();
    }

    /** Age in seconds of the oldest object waiting for upload, 0 when none: a gauge. */
    public double lagSeconds() {
        Instant oldest = null;
        for (Task t : tracked.values()) {
            if (oldest == null || t.object.readyAt().isBefore(oldest)) {
                oldest = t.object.readyAt();
            }
        }
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    /** Waits until nothing is pending (a drained node's last step); false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return true;
    }

    /** Stops the workers; objects not yet uploaded stay in the spool for the next start. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            t.join(10_000);
        }
        workers.clear();
    }

    private void enqueue(ReadyObject object) {
        String name = object.file().getFileName().toString();
        if (tracked.size() >= config.maxQueued()) {
            overflowed = true;
            return;
        }
        Task task = new Task(object, 0, System.nanoTime());
        if (tracked.putIfAbsent(name, task) == null) {
            queue.add(task);
        }
    }

    private void rescan() throws IOException {
        overflowed = false;
        for (ReadyObject r : spool.scanReady()) {
            enqueue(r);
        }
    }

    private void work() {
        while (running) {
            Task task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (tracked.get(task.object.file().getFileName().toString()) != task) {
                continue; // superseded: retried earlier because the store came back, or already uploaded
            }
            upload(task);
            if (overflowed && tracked.size() < config.maxQueued() / 2) {
                try {
                    rescan();
                } catch (IOException e) {
                    LOG.warnf("rescan of the spool failed: %s", e.toString());
                    overflowed = true;
                }
            }
        }
    }

    private void upload(Task task) {
        ReadyObject o = task.object;
        String key = o.key().key();
        try {
            store.put(key, o.file(), ObjectStore.MP4);
        } catch (IOException | RuntimeException e) {
            metrics.uploadsFailed.increment();
            if (!java.nio.file.Files.exists(o.file())) {
                // Someone else (an earlier attempt racing a rescan) already uploaded and removed it.
                tracked.remove(o.file().getFileName().toString());
                return;
            }
            int attempt = task.attempt + 1;
            long delay = backoffNanos(attempt);
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.warnf(
                        "upload of %s failed (attempt %d), retrying in %d ms: %s",
                        key, attempt, TimeUnit.NANOSECONDS.toMillis(delay), e.toString());
            }
            metrics.uploadsRetried.increment();
            Task retry = new Task(o, attempt, System.nanoTime() + delay);
            tracked.put(o.file().getFileName().toString(), retry);
            queue.add(retry);
            return;
        }
        try {
            spool.remove(o);
        } catch (IOException e) {
            LOG.warnf("uploaded %s but could not delete %s: %s", key, o.file(), e.toString());
        }
        tracked.remove(o.file().getFileName().toString());
        if (task.attempt > 0) {
            retryWaitingNow();
        }
        metrics.uploadsOk.increment();
        metrics.bytesUploaded.add(o.size());
        for (Consumer<RecordingKey> l : listeners) {
            try {
                l.accept(o.key());
            } catch (RuntimeException e) {
                LOG.errorf(e, "upload listener failed for %s", key);
            }
        }
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    /**
     * The store took an object that had failed before, so it is back: objects still waiting out their backoff are
     * retried now instead of after up to {@link Config#maxBackoff()} (the workers still bound the load on the store).
     */
    private void retryWaitingNow() {
        long now = System.nanoTime();
        for (Map.Entry<String, Task> e : tracked.entrySet()) {
            Task waiting = e.getValue();
            if (waiting.attempt > 0 && waiting.dueNanos > now) {
                Task retry = new Task(waiting.object, waiting.attempt, now);
                if (tracked.replace(e.getKey(), waiting, retry)) {
                    queue.add(retry);
                }
            }
        }
    }

    private long backoffNanos(int attempt) {
        long initial = config.initialBackoff().toNanos();
        long cap = config.maxBackoff().toNanos();
        long d = attempt >= 62 ? cap : Math.min(cap, initial << Math.min(attempt - 1, 40));
        if (d <= 0) {
            d = cap;
        }
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }

    /** Task is one upload attempt due at {@code dueNanos}. */
    private record Task(ReadyObject object, int attempt, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Task) o).dueNanos);
        }
    }
}
