package io.zonecam.node.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.store.FileSystemObjectStore;
import io.zonecam.recording.store.ObjectInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thumbnail packs of a custom-retention camera go when their hour is older than the camera's retention, and nothing
 * else goes with them: the camera's recordings (their own job's), newer packs, other classes and other cameras stay.
 */
class ThumbnailRetentionTest {

    private static final String PREFIX = "zones/test/";
    private static final Instant NOW = Instant.parse("2026-12-06T05:30:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldDeleteOnlyThePacksOfHoursPastTheCamerasRetention() throws Exception {
        FileSystemObjectStore store = new FileSystemObjectStore(dir);
        long old = hour(NOW.minus(Duration.ofDays(3)));
        long kept = hour(NOW.minus(Duration.ofHours(20)));
        String oldPack = ThumbnailKeys.key(PREFIX, RetentionClass.CUSTOM, "cam-1", old, "sess1");
        String oldPack2 = ThumbnailKeys.key(PREFIX, RetentionClass.CUSTOM, "cam-1", old, "sess2");
        String oldRecording = ThumbnailKeys.hourPrefix(PREFIX, RetentionClass.CUSTOM, "cam-1", old) + old + "-"
                + (old + 4000) + "-sess1.mp4";
        String newPack = ThumbnailKeys.key(PREFIX, RetentionClass.CUSTOM, "cam-1", kept, "sess3");
        String otherClass = ThumbnailKeys.key(PREFIX, RetentionClass.R7, "cam-1", old, "sess1");
        String otherCamera = ThumbnailKeys.key(PREFIX, RetentionClass.CUSTOM, "cam-2", old, "sess1");
        for (String key : List.of(oldPack, oldPack2, oldRecording, newPack, otherClass, otherCamera)) {
            store.put(key, new byte[] {1}, "application/octet-stream");
        }
        assertThat(oldPack).isEqualTo("zones/test/rc/cam-1/2026/12/03/05/thumbs-" + old + "-sess1.zctp");

        long deleted = new ThumbnailRetention(null, store, PREFIX).run(Map.of("cam-1", 2), NOW);

        assertThat(deleted).isEqualTo(2);
        assertThat(store.list(PREFIX, null, 1000).objects().stream().map(ObjectInfo::key))
                .containsExactlyInAnyOrder(oldRecording, newPack, otherClass, otherCamera);
    }

    @Test
    void shouldTellPackKeysAndTheirHours() {
        String pack = ThumbnailKeys.key(PREFIX, RetentionClass.R30, "cam-1", 1_765_000_800_000L, "abcd1234");
        String cameraPrefix = "zones/test/r30/cam-1/";
        assertThat(ThumbnailKeys.isPack(pack)).isTrue();
        assertThat(ThumbnailKeys.hourOf(pack, cameraPrefix)).isEqualTo(1_765_000_800_000L);
        assertThat(ThumbnailKeys.isPack(cameraPrefix + "2025/12/06/06/1765000800000-1765000804000-abcd.mp4"))
                .isFalse();
        assertThat(ThumbnailKeys.hourOf(cameraPrefix + "2025/13/06/06/x", cameraPrefix))
                .isEqualTo(-1);
        assertThat(ThumbnailKeys.hourOf("elsewhere/" + pack, cameraPrefix)).isEqualTo(-1);
    }

    private static long hour(Instant t) {
        return t.toEpochMilli() / 3_600_000L * 3_600_000L;
    }
}
