package io.zonecam.ingest.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * NettyLeakCheck turns Netty's leak detector to PARANOID and fails the test class when a buffer leak is reported.
 * Leaks are found when leaked buffers are garbage collected, so the check runs a GC first.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

    static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                    Class<T> resource, int samplingInterval, long maxActive) {
                return new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected void reportTracedLeak(String resourceType, String records) {
                        LEAKS.add(resourceType + ": " + records);
                    }

                    @Override
                    protected void reportUntracedLeak(String resourceType) {
                        LEAKS.add(resourceType);
                    }
                };
            }
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LEAKS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // Leaks are reported when a later allocation polls the reference queue after GC.
        for (int i = 0; i < 3; i++) {
            awaitCollection();
            io.netty.buffer.ByteBuf probe = io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(16);
            probe.release();
            io.netty.buffer.ByteBuf probe2 = io.netty.buffer.UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
            probe2.release();
        }
        if (!LEAKS.isEmpty()) {
            throw new AssertionError("Netty buffer leaks: " + LEAKS);
        }
    }

    /**
     * Runs the GC until a fresh weakly reachable object has been collected and its reference enqueued, so references
     * to buffers that died before it are on their way to the leak detector's queue too.
     */
    private static void awaitCollection() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (queue.remove(20) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the GC did not collect a weakly reachable object within 5 s");
            }
            System.gc();
        }
        canary.clear();
    }
}
