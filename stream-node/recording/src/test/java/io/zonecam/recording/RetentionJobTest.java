package io.zonecam.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.store.FileSystemObjectStore;
import io.zonecam.recording.store.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention job deletes only expired custom-class objects and stops listing at the first kept one. */
class RetentionJobTest {

    @TempDir
    Path dir;

    @Test
    void deletesCustomClassObjectsOlderThanTheCameraRetentionOnly() throws Exception {
        ObjectStore store = new FileSystemObjectStore(dir);
        Instant now = Instant.parse("2025-06-30T00:00:00Z");
        long day = Duration.ofDays(1).toMillis();
        String prefix = "zones/z/";
        for (int d = 1; d <= 20; d++) {
            long start = now.toEpochMilli() - d * day;
            for (String cam : new String[] {"cam-a", "cam-b"}) {
                store.put(
                        new RecordingKey(prefix, RetentionClass.CUSTOM, cam, start, start + 60_000, "sess1").key(),
                        new byte[10],
                        ObjectStore.MP4);
            }
            store.put(
                    new RecordingKey(prefix, RetentionClass.R7, "cam-a", start, start + 60_000, "sess1").key(),
                    new byte[10],
                    ObjectStore.MP4);
        }
        RetentionJob.Result r = new RetentionJob(store, prefix).run(Map.of("cam-a", 14, "cam-b", 3), now);
        // cam-a keeps days 1..14 (day 14 ends 60 s after the cutoff), cam-b keeps days 1..3.
        assertThat(r.objectsDeleted()).isEqualTo(6 + 17);
        assertThat(r.bytesDeleted()).isEqualTo(23 * 10);
        assertThat(count(store, prefix + "rc/cam-a/")).isEqualTo(14);
        assertThat(count(store, prefix + "rc/cam-b/")).isEqualTo(3);
        assertThat(count(store, prefix + "r7/"))
                .as("lifecycle classes are left to the bucket rules")
                .isEqualTo(20);
        assertThat(new RetentionJob(store, prefix)
                        .run(Map.of("cam-a", 14, "cam-b", 3), now)
                        .objectsDeleted())
                .isZero();
    }

    private static int count(ObjectStore store, String prefix) throws Exception {
        return store.list(prefix, null, 1000).objects().size();
    }
}
