package io.zonecam.recording;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.store.ObjectInfo;
import io.zonecam.recording.store.ObjectPage;
import io.zonecam.recording.store.ObjectStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * RetentionJob deletes recordings of the custom retention class ({@code rc/}) that are older than their camera's
 * retention; the standard classes ({@code r7/}, {@code r30/}, {@code r90/}) are expired by bucket lifecycle rules
 * on their prefixes and never touched here.
 *
 * <p>Why both: a lifecycle rule costs nothing per object and needs no compute, so the classes almost every camera
 * uses are rules (three rules per zone prefix, far below S3's 1,000-rule limit — one rule per camera would not
 * scale to 1M cameras). The few cameras with other retentions are listed per camera: a walk under
 * {@code rc/<camera>/} reads keys in time order and stops at the first object still within retention, so each
 * run costs about one LIST per camera plus one DeleteObjects per 1,000 expired objects.
 *
 * <p>An object is expired when its end is older than {@code now - days}. Run it hourly from one node per zone
 * (or a scheduled task); it is idempotent.
 */
public final class RetentionJob {

    /**
     * Result counts one run.
     *
     * @param camerasScanned cameras listed
     * @param objectsDeleted objects deleted
     * @param bytesDeleted   their bytes
     * @param listCalls      LIST requests made
     */
    public record Result(int camerasScanned, long objectsDeleted, long bytesDeleted, long listCalls) {}

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final ObjectStore store;
    private final String keyPrefix;

    /** A job for the zone prefix {@code keyPrefix} (e.g. {@code zones/eu-1/}). */
    public RetentionJob(ObjectStore store, String keyPrefix) {
        this.store = Objects.requireNonNull(store);
        this.keyPrefix = Objects.requireNonNull(keyPrefix);
    }

    /** Deletes expired custom-class objects of the given cameras ({@code cameraId -> retention days}). */
    public Result run(Map<String, Integer> retentionDays, Instant now) throws IOException {
        int cameras = 0;
        long deleted = 0;
        long bytes = 0;
        long lists = 0;
        for (Map.Entry<String, Integer> e : retentionDays.entrySet()) {
            int days = e.getValue();
            if (days <= 0) {
                throw new IllegalArgumentException("retention days must be positive for " + e.getKey());
            }
            long cutoff = now.minus(Duration.ofDays(days)).toEpochMilli();
            String prefix = RecordingKey.cameraPrefix(keyPrefix, RetentionClass.CUSTOM, e.getKey());
            cameras++;
            String after = null;
            boolean more = true;
            while (more) {
                ObjectPage page = store.list(prefix, after, ObjectStore.MAX_PAGE);
                lists++;
                List<String> expired = new ArrayList<>();
                for (ObjectInfo o : page.objects()) {
                    RecordingKey k = RecordingKey.tryParse(o.key());
                    if (k == null) {
                        continue;
                    }
                    if (k.startMillis() >= cutoff) {
                        more = false; // keys sort by start: everything after is newer
                        break;
                    }
                    if (k.endMillis() < cutoff) {
                        expired.add(o.key());
                        bytes += o.size();
                    }
                }
                if (!expired.isEmpty()) {
                    store.delete(expired);
                    deleted += expired.size();
                }
                more &= page.truncated();
                after = page.lastKey();
            }
        }
        if (deleted > 0) {
            LOG.infof("retention: deleted %d objects (%d bytes) of %d cameras", deleted, bytes, cameras);
        }
        return new Result(cameras, deleted, bytes, lists);
    }
}
