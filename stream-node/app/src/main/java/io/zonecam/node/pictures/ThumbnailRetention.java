package io.zonecam.node.pictures;

import io.quarkus.scheduler.Scheduled;
import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.recording.CameraRetention;
import io.zonecam.recording.RecordingKey;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectPage;
import io.zonecam.recording.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * ThumbnailRetention deletes the thumbnail packs of this node's custom-retention cameras once their hour is older
 * than the camera's retention, as {@code recording.RetentionTask} does for their recordings (packs of the 7/30/90-day
 * classes sit under the same prefixes and expire by the same bucket lifecycle rules). A walk under
 * {@code rc/<camera>/} reads keys in hour order and stops at the first hour still kept: about one LIST per camera.
 */
@ApplicationScoped
public class ThumbnailRetention {

    private static final Logger LOG = Logger.getLogger(ThumbnailRetention.class);

    private final CameraRetention retention;
    private final ObjectStore store;
    private final String prefix;

    @Inject
    public ThumbnailRetention(CameraRetention retention, ObjectStore store, NodeConfig config) {
        this(retention, store, config.storage().prefix().orElse(""));
    }

    ThumbnailRetention(CameraRetention retention, ObjectStore store, String prefix) {
        this.retention = retention;
        this.store = store;
        this.prefix = prefix;
    }

    @Scheduled(every = "1h", delayed = "15m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            long deleted = run(retention.custom(), Instant.now());
            if (deleted > 0) {
                LOG.infof("retention: %d thumbnail packs deleted", deleted);
            }
        } catch (IOException e) {
            LOG.warnf("thumbnail retention failed, retried next hour: %s", e.getMessage());
        }
    }

    /** Deletes the expired packs of the given cameras ({@code cameraId -> days}); returns how many. */
    long run(Map<String, Integer> days, Instant now) throws IOException {
        long deleted = 0;
        for (Map.Entry<String, Integer> e : days.entrySet()) {
            long cutoff = now.minus(Duration.ofDays(e.getValue())).toEpochMilli();
            String cameraPrefix = RecordingKey.cameraPrefix(prefix, RetentionClass.CUSTOM, e.getKey());
            String after = null;
            boolean more = true;
            while (more) {
                ObjectPage page = store.list(cameraPrefix, after, ObjectStore.MAX_PAGE);
                List<String> expired = new ArrayList<>();
                for (ObjectInfo o : page.objects()) {
                    long hour = ThumbnailKeys.hourOf(o.key(), cameraPrefix);
                    if (hour < 0) {
                        continue;
                    }
                    if (hour + ThumbnailKeys.HOUR_MILLIS > cutoff) {
                        more = false; // keys sort by hour: every later one is kept too
                        break;
                    }
                    if (ThumbnailKeys.isPack(o.key())) {
                        expired.add(o.key());
                    }
                }
                if (!expired.isEmpty()) {
                    store.delete(expired);
                    deleted += expired.size();
                }
                more &= page.truncated() && page.lastKey() != null;
                after = page.lastKey();
            }
        }
        return deleted;
    }
}
