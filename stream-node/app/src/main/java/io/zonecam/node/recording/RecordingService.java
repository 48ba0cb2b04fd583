package io.zonecam.node.recording;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.ingest.PublishSession;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.hub.SessionReaders;
import io.zonecam.node.hub.StreamReader;
import io.zonecam.recording.Recorder;
import io.zonecam.recording.RecorderConfig;
import io.zonecam.recording.RecordingMetrics;
import io.zonecam.recording.RecordingTarget;
import io.zonecam.recording.Spool;
import io.zonecam.recording.Uploader;
import io.zonecam.recording.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * RecordingService records every publish session: it owns the node's spool (recovered at start) and uploader,
 * and opens a {@link SessionRecorder} per session.
 */
@Startup
@ApplicationScoped
public class RecordingService implements SessionReaders {

    private static final Logger LOG = Logger.getLogger(RecordingService.class);

    private final Spool spool;
    private final Uploader uploader;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecorderConfig recorderConfig;
    private final String keyPrefix;
    private final CameraRetention retention;
    private final Set<SessionRecorder> active = ConcurrentHashMap.newKeySet();
    private final Counter restarts;
    private final RecordingGapReports gaps;

    public RecordingService(
            NodeConfig config,
            ObjectStore store,
            CameraRetention retention,
            RecordingGapReports gaps,
            MeterRegistry registry) {
        this.retention = retention;
        this.gaps = gaps;
        this.keyPrefix = config.storage().prefix().orElse("");
        this.recorderConfig =
                RecorderConfig.defaults().withObjectDuration(config.recording().objectDuration());
        try {
            this.spool = Spool.open(config.recording().spoolDir(), metrics);
            this.uploader = new Uploader(
                    spool,
                    store,
                    new Uploader.Config(
                            config.recording().uploadWorkers(),
                            Duration.ofMillis(500),
                            Duration.ofSeconds(60),
                            100_000));
            uploader.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the recording spool " + config.recording().spoolDir(), e);
        }
        LOG.infof(
                "recording: spool %s (%d objects waiting from before), %s objects",
                spool.directory(), spool.readyCount(), config.recording().objectDuration());
        this.restarts = Counter.builder("zonecam.recording.restarts")
                .description("Recorders that failed and were restarted at the next keyframe")
                .register(registry);
        registerMetrics(registry);
    }

    @Override
    public StreamReader open(PublishSession session) {
        RecordingTarget target = new RecordingTarget(
                keyPrefix,
                RetentionClass.forDays(retention.days(session.cameraId())),
                session.cameraId(),
                RecordingTarget.newSessionId());
        SessionRecorder recorder = new SessionRecorder(
                (tracks, anchor) -> FrameRecorder.of(new Recorder(spool, recorderConfig, target, tracks, anchor, gaps)),
                session.cameraId(),
                restarts,
                active::remove);
        active.add(recorder);
        return recorder;
    }

    /** Objects waiting for upload. */
    public int pendingUploads() {
        return uploader.pending();
    }

    /** Waits until every recorded object is uploaded (a drained node's last step before it stops). */
    public boolean awaitUploaded(Duration timeout) throws InterruptedException {
        return uploader.awaitIdle(timeout);
    }

    public RecordingMetrics metrics() {
        return metrics;
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        for (SessionRecorder r : Set.copyOf(active)) {
            r.ended();
            r.awaitClosed(Duration.ofSeconds(10));
        }
        uploader.close();
        spool.close();
    }

    private void registerMetrics(MeterRegistry registry) {
        counter(
                registry,
                "zonecam.recording.fragments",
                "Fragments fsynced to the spool",
                RecordingMetrics::fragmentsWritten);
        counter(
                registry,
                "zonecam.recording.fragment.bytes",
                "Bytes of recorded fragments",
                RecordingMetrics::fragmentBytes);
        counter(
                registry,
                "zonecam.recording.fragment.failures",
                "Fragments that could not be written (lost media)",
                RecordingMetrics::fragmentWriteFailures);
        counter(
                registry,
                "zonecam.recording.frames.lost",
                "Video frames in fragments the spool could not take (disk full, I/O error): each loss is a timeline gap",
                RecordingMetrics::framesLost);
        counter(registry, "zonecam.recording.objects", "Objects finalized", RecordingMetrics::objectsFinalized);
        counter(
                registry,
                "zonecam.recording.objects.recovered",
                "Objects recovered after a restart",
                RecordingMetrics::objectsRecovered);
        counter(registry, "zonecam.uploads.ok", "Objects stored", RecordingMetrics::uploadsOk);
        counter(registry, "zonecam.uploads.failed", "Failed upload attempts", RecordingMetrics::uploadsFailed);
        counter(registry, "zonecam.uploads.bytes", "Bytes stored", RecordingMetrics::bytesUploaded);
        counter(registry, "zonecam.recording.frames.dropped", "Frames not recorded", RecordingMetrics::framesDropped);
        FunctionCounter.builder(
                        "zonecam.frames.lost",
                        this,
                        s -> s.active.stream()
                                        .mapToLong(SessionRecorder::framesLost)
                                        .sum()
                                + SessionRecorder.lostInClosedSessions())
                .description("Frames dropped before the recorder (queue full)")
                .register(registry);
        gauge(registry, "zonecam.spool.bytes", "Bytes in the local spool", s -> s.spool.bytes());
        gauge(registry, "zonecam.upload.pending", "Objects waiting for upload", s -> s.uploader.pending());
        gauge(
                registry,
                "zonecam.upload.lag.seconds",
                "Age of the oldest object waiting for upload",
                s -> s.uploader.lagSeconds());
        gauge(registry, "zonecam.recording.sessions", "Publish sessions being recorded", s -> s.active.size());
    }

    private void counter(
            MeterRegistry r, String name, String description, java.util.function.ToLongFunction<RecordingMetrics> f) {
        FunctionCounter.builder(name, metrics, m -> f.applyAsLong(m))
                .description(description)
                .register(r);
    }

    private void gauge(MeterRegistry r, String name, String description, ToDoubleFunction<RecordingService> f) {
        Gauge.builder(name, this, f).description(description).register(r);
    }
}
