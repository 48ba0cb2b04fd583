package io.zonecam.node.recording;

import io.quarkus.scheduler.Scheduled;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.recording.RetentionJob;
import io.zonecam.recording.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * RetentionTask deletes, every hour, the expired recordings of this node's cameras that have a custom retention
 * (the 7/30/90-day classes are expired by bucket lifecycle rules). Each camera is handled by the node it is
 * assigned to, so the work spreads over the fleet and needs no coordinator; the job is idempotent.
 */
@ApplicationScoped
public class RetentionTask {

    private static final Logger LOG = Logger.getLogger(RetentionTask.class);

    private final CameraRetention retention;
    private final RetentionJob job;

    public RetentionTask(CameraRetention retention, ObjectStore store, NodeConfig config) {
        this.retention = retention;
        this.job = new RetentionJob(store, config.storage().prefix().orElse(""));
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        Map<String, Integer> custom = retention.custom();
        if (custom.isEmpty()) {
            return;
        }
        try {
            RetentionJob.Result r = job.run(custom, Instant.now());
            LOG.infof(
                    "retention: %d cameras, %d objects (%d bytes) deleted with %d LIST calls",
                    r.camerasScanned(), r.objectsDeleted(), r.bytesDeleted(), r.listCalls());
        } catch (IOException e) {
            LOG.warnf("retention run failed, retried next hour: %s", e.getMessage());
        }
    }
}
