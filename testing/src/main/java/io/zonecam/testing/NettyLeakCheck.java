package io.zonecam.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
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
 * NettyLeakCheck turns Netty's leak detector to PARANOID (every buffer is tracked) and fails the test class when a
 * buffer leak is reported. Register it on every test class that uses Netty, so it is installed before the first
 * buffer is allocated. Leaks are found when leaked buffers are garbage collected, so the check runs a GC first.
 *
 * <p>A module that also wants to check its own threads ended extends it and overrides {@link #afterAll}.
 */
public class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

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

    /** The leaks reported since the current test class started. */
    public static List<String> leaks() {
        return List.copyOf(LEAKS);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LEAKS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // Leaks are reported when a later tracked allocation polls the detector's reference queue after a GC.
        for (int i = 0; i < 3; i++) {
            awaitCollection();
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            pooled.release();
            ByteBuf heap = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
            heap.release();
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
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the GC did not collect a weakly reachable object within 5 s");
            }
            System.gc();
        }
        canary.clear();
    }
}
