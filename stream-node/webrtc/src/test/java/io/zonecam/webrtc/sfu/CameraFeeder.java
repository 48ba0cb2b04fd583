package io.zonecam.webrtc.sfu;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.h264.FrameMarker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * CameraFeeder plays a {@link TestClip} into the SFU in real time, in a loop, as the app's ingest would: each picture
 * gets a frame marker (camera id, a counter that only grows, capture time) and timestamps on a 90 kHz line.
 */
final class CameraFeeder implements AutoCloseable {

    private final Sfu sfu;
    private final String cameraId;
    private final TestClip clip;
    private final ScheduledExecutorService timer;
    private final AtomicLong counter = new AtomicLong();
    private final long frameTicks;

    private CameraFeeder(Sfu sfu, String cameraId, TestClip clip) {
        this.sfu = sfu;
        this.cameraId = cameraId;
        this.clip = clip;
        this.frameTicks = 90_000 / clip.fps();
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("camera-" + cameraId).daemon().factory());
    }

    /** Announces the track and starts feeding. */
    static CameraFeeder start(Sfu sfu, String cameraId, TestClip clip) {
        CameraFeeder f = new CameraFeeder(sfu, cameraId, clip);
        sfu.onTracks(cameraId, List.of(clip.track()));
        f.timer.scheduleAtFixedRate(f::tick, 0, 1_000_000L / clip.fps(), TimeUnit.MICROSECONDS);
        return f;
    }

    private void tick() {
        long n = counter.get();
        int i = (int) (n % clip.accessUnits().size());
        long nowMicros = System.currentTimeMillis() * 1000L;
        byte[] au = new FrameMarker(cameraId, n, nowMicros)
                .insertInto(clip.accessUnits().get(i), Codec.H264);
        // Decode times tick on; a B-frame clip presents each picture its composition offset later.
        long dts = n * frameTicks;
        long pts = dts + clip.compositionOffsets()[i];
        sfu.onFrame(cameraId, new MediaFrame(1, dts, pts, clip.keyframes()[i], au));
        counter.incrementAndGet();
    }

    /** Pictures fed so far. */
    long frames() {
        return counter.get();
    }

    /** Waits until at least {@code n} pictures were fed. */
    void awaitFrames(long n, long timeoutMillis) {
        Awaitility.await("camera fed " + n + " frames")
                .atMost(Duration.ofMillis(timeoutMillis))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> counter.get() >= n);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sfu.onEnded(cameraId);
    }
}
