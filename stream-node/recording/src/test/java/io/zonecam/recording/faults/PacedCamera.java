package io.zonecam.recording.faults;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.testing.TestClip;
import java.util.concurrent.locks.LockSupport;

/**
 * PacedCamera records a {@link LoopedCamera} in real time on its own thread, as ingest would hand a live camera's
 * frames to its recorder: each frame is pushed when the wall clock reaches its media time.
 */
final class PacedCamera implements AutoCloseable {

    private final LoopedCamera camera;
    private final Recorder recorder;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long pushed;
    private volatile Throwable failure;

    PacedCamera(TestClip clip, Recorder recorder) {
        this.camera = new LoopedCamera(clip);
        this.recorder = recorder;
        this.thread = Thread.ofPlatform()
                .name("paced-camera-" + recorder.target().cameraId())
                .daemon()
                .start(this::run);
    }

    private void run() {
        long start = System.nanoTime();
        try {
            while (running) {
                MediaFrame f = camera.next();
                long due = start + LoopedCamera.micros(f) * 1000;
                for (long wait = due - System.nanoTime(); wait > 0 && running; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait); // pacing a live camera, not waiting for a condition
                }
                recorder.push(f);
                pushed = camera.videoFrames();
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Video frames given to the recorder so far. */
    long videoFrames() {
        return pushed;
    }

    /** The markers of what was recorded, once closed. */
    java.util.List<Long> expected() {
        return camera.expected(pushed);
    }

    Recorder recorder() {
        return recorder;
    }

    /** Stops the camera and ends the recording session (flushing the last fragment). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        if (failure != null) {
            throw new AssertionError("camera thread failed", failure);
        }
        recorder.close();
    }
}
