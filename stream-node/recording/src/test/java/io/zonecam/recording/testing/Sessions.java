package io.zonecam.recording.testing;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import io.zonecam.recording.Uploader;
import io.zonecam.recording.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Sessions records test frames as publish sessions into an object store (spool, recorder, uploader). */
public final class Sessions {

    /** The zone prefix tests record under. */
    public static final String PREFIX = "zones/test/";

    private Sessions() {}

    /** Records {@code frames} as one session and waits until every object is uploaded. */
    public static Recorder.Stats record(
            Path tmp,
            ObjectStore store,
            String sessionId,
            List<MediaFrame> frames,
            TestClip clip,
            long anchorMicros,
            Duration objectDuration)
            throws Exception {
        Path spoolDir = Files.createTempDirectory(tmp, "spool");
        try (Spool spool = Spool.open(spoolDir, new RecordingMetrics())) {
            Uploader uploader = new Uploader(spool, store, Uploader.Config.defaults());
            uploader.start();
            Recorder r = new Recorder(
                    spool,
                    RecorderConfig.defaults().withObjectDuration(objectDuration).withClock(() -> anchorMicros),
                    new RecordingTarget(PREFIX, RetentionClass.R7, TestClip.CAMERA, sessionId),
                    clip.tracks(),
                    anchorMicros);
            frames.forEach(r::push);
            r.close();
            if (!uploader.awaitIdle(Duration.ofSeconds(30))) {
                throw new IllegalStateException("uploads did not finish");
            }
            uploader.close();
            return r.stats();
        }
    }

    /**
     * The frames of video frames {@code [from, to)} (decode order; {@code from} should be a keyframe) and the
     * audio frames in the same time span.
     */
    public static List<MediaFrame> slice(TestClip clip, int from, int to) {
        List<MediaFrame> video = clip.video();
        long startMicros = video.get(from).dts() * 1_000_000L / 90000;
        long endMicros = to >= video.size() ? Long.MAX_VALUE : video.get(to).dts() * 1_000_000L / 90000;
        List<MediaFrame> out = new ArrayList<>();
        int v = 0;
        for (MediaFrame f : clip.frames()) {
            if (f.trackId() == 1) {
                if (v >= from && v < to) {
                    out.add(f);
                }
                v++;
            } else {
                long t = f.dts() * 1_000_000L / 48000;
                if (t >= startMicros && t < endMicros) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
