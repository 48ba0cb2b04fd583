package io.zonecam.bench.viewer;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ViewerFleet runs many {@link BrowserLikeViewer}s in one process against a Zonecam node (WHEP) or Janus (HTTP API,
 * streaming plugin): set-up threads connect them at a fixed rate, and one event-loop thread ({@link ViewerSockets})
 * receives, authenticates and decrypts everything and runs every viewer's timers. Prints one JSON line per second with
 * cumulative totals ({@code "type":"progress"}) and a final {@code "type":"summary"} after settling every viewer's
 * loss.
 *
 * <pre>
 * ViewerFleet whep  &lt;endpoint-url&gt; &lt;live-token&gt; &lt;viewers&gt; &lt;seconds&gt; [bind-address] [per-second]
 * ViewerFleet janus &lt;http://host:8088&gt; &lt;mountpoint&gt; &lt;viewers&gt; &lt;seconds&gt; [bind-address] [per-second]
 * </pre>
 */
public final class ViewerFleet {

    private ViewerFleet() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println(
                    "usage: ViewerFleet whep|janus <url> <token|mountpoint> <viewers> <seconds> [bind] [rate]");
            System.exit(2);
        }
        Signalling signalling = args[0].equals("janus")
                ? Signalling.janus(URI.create(args[1]), Integer.parseInt(args[2]))
                : Signalling.whep(URI.create(args[1]), args[2]);
        int count = Integer.parseInt(args[3]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[4]));
        String bind = args.length > 5 ? args[5] : "127.0.0.1";
        int rate = args.length > 6 ? Integer.parseInt(args[6]) : 25;
        new ViewerFleet.Run(signalling, count, duration, bind, rate).run();
    }

    private static final class Run {
        private final Signalling signalling;
        private final int count;
        private final Duration duration;
        private final String bind;
        private final int rate;
        private final ViewerSockets sockets = new ViewerSockets();
        /** The keyed viewers (loop thread only). */
        private final List<BrowserLikeViewer> viewers = new ArrayList<>();

        private final AtomicInteger failed = new AtomicInteger();
        private final long t0 = System.nanoTime();

        Run(Signalling signalling, int count, Duration duration, String bind, int rate) {
            this.signalling = signalling;
            this.count = count;
            this.duration = duration;
            this.bind = bind;
            this.rate = rate;
        }

        void run() throws Exception {
            DtlsSrtpClient.Identity id = DtlsSrtpClient.Identity.generate();
            System.err.println("viewer sockets: " + sockets.describe());
            EventLoop loop = sockets.loop();
            ExecutorService setup = Executors.newFixedThreadPool(
                    4, Thread.ofPlatform().name("viewer-setup-", 0).daemon().factory());
            for (int i = 0; i < count; i++) {
                int index = i;
                long startAt = t0 + i * 1_000_000_000L / rate;
                setup.execute(() -> connect(index, startAt, id));
            }
            setup.shutdown();
            // Timers and the progress line run on the receive loop, as the viewers' own state does.
            loop.scheduleAtFixedRate(
                    () -> {
                        long now = System.nanoTime();
                        for (BrowserLikeViewer v : viewers) {
                            v.tick(now);
                        }
                    },
                    20,
                    20,
                    TimeUnit.MILLISECONDS);
            loop.scheduleAtFixedRate(() -> print("progress", System.nanoTime()), 1, 1, TimeUnit.SECONDS);
            long end = t0 + duration.toNanos();
            loop.schedule(
                            () -> {
                                for (BrowserLikeViewer v : viewers) {
                                    v.media.settleAll();
                                }
                                print("summary", System.nanoTime());
                            },
                            Math.max(0, end - System.nanoTime()),
                            TimeUnit.NANOSECONDS)
                    .sync();
            setup.shutdownNow();
            setup.awaitTermination(5, TimeUnit.SECONDS);
            List<BrowserLikeViewer> all =
                    loop.submit(() -> List.copyOf(viewers)).get();
            for (BrowserLikeViewer v : all) {
                v.close();
            }
            sockets.close();
            System.exit(0);
        }

        private void connect(int index, long startAt, DtlsSrtpClient.Identity id) {
            try {
                long wait = startAt - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                BrowserLikeViewer v = new BrowserLikeViewer(index, sockets, new InetSocketAddress(bind, 0));
                try {
                    v.connect(signalling, id, viewers::add);
                } catch (Exception e) {
                    v.close();
                    throw e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (failed.incrementAndGet() <= 5) {
                    System.err.println("viewer " + index + " failed: " + e);
                }
            }
        }

        private void print(String type, long now) {
            long received = 0;
            long lost = 0;
            long duplicates = 0;
            long repaired = 0;
            long auth = 0;
            long srtcp = 0;
            long complete = 0;
            long incomplete = 0;
            long nacks = 0;
            long reports = 0;
            long consent = 0;
            long stale = 0;
            long answered = 0;
            long sourceChanges = 0;
            for (BrowserLikeViewer v : viewers) {
                received += v.media.received;
                lost += v.media.lost;
                duplicates += v.media.duplicates;
                repaired += v.media.repaired;
                complete += v.media.framesComplete;
                incomplete += v.media.framesIncomplete;
                sourceChanges += v.media.sourceChanges;
                auth += v.authFailures;
                srtcp += v.srtcpReceived;
                nacks += v.nacksSent;
                reports += v.reportsSent;
                consent += v.consentReplies;
                answered += v.checksAnswered;
                stale += v.secondsSinceConsentReply(now) > 15 ? 1 : 0;
            }
            System.out.printf(
                    Locale.ROOT,
                    "{\"type\":\"%s\",\"t\":%.1f,\"connected\":%d,\"failed\":%d,\"received\":%d,\"lost\":%d,"
                            + "\"duplicates\":%d,\"repaired\":%d,\"authFailures\":%d,\"srtcp\":%d,"
                            + "\"framesComplete\":%d,\"framesIncomplete\":%d,\"nacks\":%d,\"reports\":%d,"
                            + "\"consentReplies\":%d,\"checksAnswered\":%d,\"staleConsent\":%d,\"sourceChanges\":%d}%n",
                    type,
                    (now - t0) / 1e9,
                    viewers.size(),
                    failed.get(),
                    received,
                    lost,
                    duplicates,
                    repaired,
                    auth,
                    srtcp,
                    complete,
                    incomplete,
                    nacks,
                    reports,
                    consent,
                    answered,
                    stale,
                    sourceChanges);
        }
    }
}
