package io.zonecam.sim.camera;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.zonecam.sim.clip.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * CameraFleet runs many {@link SimulatedCamera}s in one process over one shared clip: one Netty event loop group carries
 * every socket, and one pacer per event loop wakes every tick and sends the frames that are due for all cameras on
 * that loop, so a camera's sockets, timeline and timers never leave its thread.
 */
public final class CameraFleet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CameraFleet.class);

    private final Clip clip;
    private final SimConfig config;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final List<SimulatedCamera> cameras = new CopyOnWriteArrayList<>();
    private final Map<EventLoop, Pacer> pacers = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    public CameraFleet(Clip clip, SimConfig config) {
        this.clip = clip;
        this.config = config;
        this.group = new NioEventLoopGroup(config.threads(), new DefaultThreadFactory("camera-sim", true));
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
    }

    /** Creates a camera (not started) on the next event loop. */
    public SimulatedCamera camera(String id, TargetSource targets) {
        EventLoop loop = group.next();
        SimulatedCamera c = new SimulatedCamera(id, this, loop, targets);
        cameras.add(c);
        pacers.computeIfAbsent(loop, Pacer::new).add(c);
        return c;
    }

    /** Every camera created so far. */
    public List<SimulatedCamera> cameras() {
        return List.copyOf(cameras);
    }

    /** The shared clip. */
    public Clip clip() {
        return clip;
    }

    public SimConfig config() {
        return config;
    }

    Bootstrap bootstrap() {
        return bootstrap;
    }

    /** Sums every camera's counters. */
    public FleetStats stats() {
        List<CameraStats> all = new ArrayList<>(cameras.size());
        for (SimulatedCamera c : cameras) {
            all.add(c.stats());
        }
        return FleetStats.of(all);
    }

    /** The worst frame lateness of any camera since the previous call, in microseconds. */
    public long takeRecentMaxLagMicros() {
        long max = 0;
        for (SimulatedCamera c : cameras) {
            max = Math.max(max, c.takeRecentMaxLagMicros());
        }
        return max;
    }

    /** Stops every camera (orderly unpublish); completes when all are stopped. */
    public CompletableFuture<Void> stopAll() {
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (SimulatedCamera c : cameras) {
            fs.add(c.stop());
        }
        return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new));
    }

    /** Stops every camera (waiting a few seconds for orderly ends) and releases the threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stopAll().get(config.connection().linger().toMillis() + 3000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("some cameras did not stop in time; closing their connections");
        } catch (Exception e) {
            LOG.warnf("stopping cameras: %s", e.toString());
        }
        for (Pacer p : pacers.values()) {
            p.cancel();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Pacer wakes every tick on one event loop and pumps that loop's cameras. */
    private final class Pacer {
        private final EventLoop loop;
        private final List<SimulatedCamera> list = new ArrayList<>();
        private final io.netty.util.concurrent.ScheduledFuture<?> task;

        Pacer(EventLoop loop) {
            this.loop = loop;
            long tick = config.tick().toNanos();
            task = loop.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
        }

        void add(SimulatedCamera c) {
            loop.execute(() -> list.add(c));
        }

        void cancel() {
            task.cancel(false);
        }

        private void tick() {
            long now = System.nanoTime();
            for (int i = 0; i < list.size(); i++) {
                SimulatedCamera c = list.get(i);
                try {
                    c.pump(now);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "camera %s: pacing failed", c.id()); // one bad camera must not stop the others
                }
            }
        }
    }
}
