package io.zonecam.node.pictures;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.pictures.av.Av;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PictureWorkers runs every decode and encode of the node (snapshots and thumbnails) on a fixed pool of platform
 * threads, one per core by default, behind a bounded queue. Decoding is CPU-bound native code: it must never run on
 * an event loop, and on virtual threads it would pin their carriers (JNI frames) and starve the recorders. A full
 * queue refuses the job at once instead of letting latency grow without bound.
 */
@ApplicationScoped
public class PictureWorkers {

    private final ThreadPoolExecutor pool;

    public PictureWorkers(NodeConfig config, MeterRegistry registry) {
        int threads = config.pictures().workers() > 0
                ? config.pictures().workers()
                : Runtime.getRuntime().availableProcessors();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.pictures().queue())),
                r -> {
                    Thread t = new Thread(r, "zonecam-pictures-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        // Load FFmpeg's natives now (≈ 0.3 s), so the first snapshot does not pay for it.
        pool.execute(Av::load);
        Gauge.builder("zonecam.pictures.queue", pool, p -> p.getQueue().size())
                .description("Picture jobs waiting for a decoding thread")
                .register(registry);
    }

    /** Runs {@code job} on a decoding thread; throws {@link RejectedExecutionException} when the queue is full. */
    public <T> CompletableFuture<T> submit(Callable<T> job) {
        CompletableFuture<T> result = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                result.complete(job.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
