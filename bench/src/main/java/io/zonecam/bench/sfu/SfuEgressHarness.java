package io.zonecam.bench.sfu;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.webrtc.sfu.Sfu;
import io.zonecam.webrtc.sfu.SfuConfig;
import io.zonecam.webrtc.sfu.ViewerAnswer;
import io.zonecam.webrtc.transport.TransportConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SfuEgressHarness measures SRTP egress of the SFU on one egress thread: one synthetic 2 Mb/s H.264 camera (25 fps,
 * a 50 KB keyframe every 2 s, 9 KB pictures between) fanned out to N {@link LightViewer}s over real UDP on
 * loopback, each after a real STUN check and DTLS-SRTP handshake (AEAD_AES_256_GCM). Per step it prints viewers,
 * egress bit/s, loss (sequence gaps at the receivers plus packets the slow-viewer policy dropped), and the CPU the
 * egress and camera threads used, from which viewers per core follow. The receivers run in the same process on the
 * other core, so on a 2-core machine the client and the kernel's loopback delivery compete with the SFU.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.zonecam.bench.sfu.SfuEgressHarness [viewers,viewers,...] [seconds]
 * </pre>
 */
public final class SfuEgressHarness {

    private SfuEgressHarness() {}

    public static void main(String[] args) throws Exception {
        String[] steps = (args.length > 0 ? args[0] : "100,250,500").split(",");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        LightViewer.Identity id = LightViewer.Identity.generate();
        SfuConfig config = SfuConfig.defaults(TransportConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of()))
                .withEgressThreads(1)
                .withLimits(10_000, 10_000)
                .withConsentTimeout(Duration.ofSeconds(60))
                .withConnectTimeout(Duration.ofSeconds(30));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Sfu sfu = Sfu.start(config);
                Selector selector = Selector.open()) {
            sfu.onTracks("bench", List.of(TrackInfo.video(1, Codec.H264, 90_000, List.of(), 1280, 720)));
            ScheduledExecutorService camera = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("bench-camera").daemon().factory());
            AtomicLong frame = new AtomicLong();
            Random random = new Random(1);
            byte[] idr = picture(random, 50_000, 0x65);
            byte[] p = picture(random, 9_000, 0x41);
            camera.scheduleAtFixedRate(
                    () -> {
                        long n = frame.getAndIncrement();
                        boolean key = n % 50 == 0;
                        sfu.onFrame("bench", new MediaFrame(1, n * 3600, n * 3600, key, key ? idr : p));
                    },
                    0,
                    40,
                    TimeUnit.MILLISECONDS);

            List<LightViewer> viewers = new ArrayList<>();
            ConcurrentLinkedQueue<LightViewer> toRegister = new ConcurrentLinkedQueue<>();
            Thread receiver = Thread.ofPlatform()
                    .name("bench-receiver")
                    .daemon()
                    .start(() -> {
                        ByteBuffer b = ByteBuffer.allocateDirect(2048);
                        try {
                            while (!Thread.currentThread().isInterrupted()) {
                                for (LightViewer v; (v = toRegister.poll()) != null; ) {
                                    v.channel.register(selector, SelectionKey.OP_READ, v);
                                }
                                selector.select(100);
                                for (SelectionKey k : selector.selectedKeys()) {
                                    LightViewer v = (LightViewer) k.attachment();
                                    for (int i = 0; i < 64; i++) {
                                        b.clear();
                                        if (v.channel.read(b) <= 0) {
                                            break;
                                        }
                                        b.flip();
                                        v.count(b);
                                    }
                                }
                                selector.selectedKeys().clear();
                            }
                        } catch (Exception e) {
                            if (!Thread.currentThread().isInterrupted()) {
                                e.printStackTrace();
                            }
                        }
                    });
            long egressTid = threadId("webrtc-egress-0");
            long cameraTid = threadId("bench-camera");
            System.out.printf(
                    Locale.ROOT,
                    "%8s %12s %10s %9s %9s %12s %14s%n",
                    "viewers",
                    "egress Mb/s",
                    "loss %",
                    "egress %",
                    "camera %",
                    "viewers/core",
                    "queue drops");
            for (String step : steps) {
                int target = Integer.parseInt(step.trim());
                while (viewers.size() < target) {
                    LightViewer v = new LightViewer(viewers.size());
                    ViewerAnswer a = sfu.createViewer("bench", v.offer(id));
                    v.connect(a.answerSdp(), sfu.udpAddress(), id);
                    viewers.add(v);
                    toRegister.add(v);
                    selector.wakeup();
                }
                Thread.sleep(3000); // the joining bursts settle
                for (LightViewer v : viewers) {
                    v.consentCheck();
                }
                long[] r0 = new long[viewers.size()];
                long[] h0 = new long[viewers.size()];
                synchronized (selector) {
                    for (int i = 0; i < viewers.size(); i++) {
                        r0[i] = viewers.get(i).received;
                        h0[i] = viewers.get(i).highest;
                    }
                }
                long bytes0 = sfu.metrics().bytesSent();
                long drop0 = sfu.metrics().packetsDropped();
                long e0 = mx.getThreadCpuTime(egressTid);
                long c0 = mx.getThreadCpuTime(cameraTid);
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long wall = System.nanoTime() - t0;
                double egressCpu = (mx.getThreadCpuTime(egressTid) - e0) / (double) wall;
                double cameraCpu = (mx.getThreadCpuTime(cameraTid) - c0) / (double) wall;
                long bytes = sfu.metrics().bytesSent() - bytes0;
                long expected = 0;
                long got = 0;
                for (int i = 0; i < viewers.size(); i++) {
                    LightViewer v = viewers.get(i);
                    expected += v.highest - h0[i];
                    got += v.received - r0[i];
                }
                // Packets the drop policy discarded never got a sequence number: add them to what was lost.
                long dropped = sfu.metrics().packetsDropped() - drop0;
                double loss = expected + dropped == 0
                        ? 0
                        : (Math.max(0, expected - got) + dropped) * 100.0 / (expected + dropped);
                double mbps = bytes * 8.0 / (wall / 1e9) / 1e6;
                System.out.printf(
                        Locale.ROOT,
                        "%8d %12.1f %10.3f %9.1f %9.1f %12.0f %14d%n",
                        viewers.size(),
                        mbps,
                        loss,
                        egressCpu * 100,
                        cameraCpu * 100,
                        viewers.size() / (egressCpu + cameraCpu),
                        dropped);
            }
            receiver.interrupt();
            camera.shutdownNow();
        }
    }

    private static byte[] picture(Random random, int size, int nalHeader) {
        byte[] au = new byte[size];
        random.nextBytes(au);
        int len = size - 4;
        au[0] = (byte) (len >>> 24);
        au[1] = (byte) (len >>> 16);
        au[2] = (byte) (len >>> 8);
        au[3] = (byte) len;
        au[4] = (byte) nalHeader;
        return au;
    }

    private static long threadId(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t.threadId();
            }
        }
        throw new IllegalStateException("no thread " + name);
    }
}
