package io.zonecam.recording.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every {@link ObjectStore} shares; subclasses run it against each implementation. */
abstract class ObjectStoreContractTest {

    @TempDir
    Path tmp;

    String root;

    abstract ObjectStore store();

    @BeforeEach
    void uniqueRoot() {
        root = "t" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @Test
    void putThenReadRangesClampedToTheObject() throws Exception {
        byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
        store().put(root + "a.mp4", data, ObjectStore.MP4);
        assertThat(store().read(root + "a.mp4", 2, 3)).containsExactly('2', '3', '4');
        assertThat(store().read(root + "a.mp4", 8, 100)).containsExactly('8', '9');
        assertThat(store().read(root + "a.mp4", 10, 5)).isEmpty();
        try (InputStream in = store().open(root + "a.mp4", 5, 3)) {
            assertThat(in.readAllBytes()).containsExactly('5', '6', '7');
        }
        assertThat(store().head(root + "a.mp4").orElseThrow().size()).isEqualTo(10);
    }

    @Test
    void putFromAFileReplacesTheWholeObject() throws Exception {
        store().put(root + "f.mp4", new byte[1000], ObjectStore.MP4);
        Path file = Files.write(tmp.resolve("x"), "new".getBytes(StandardCharsets.US_ASCII));
        store().put(root + "f.mp4", file, ObjectStore.MP4);
        assertThat(store().read(root + "f.mp4", 0, 1000)).containsExactly('n', 'e', 'w');
    }

    @Test
    void missingObjectsAreNotFound() throws Exception {
        assertThat(store().head(root + "none")).isEmpty();
        assertThatThrownBy(() -> store().read(root + "none", 0, 1)).isInstanceOf(ObjectNotFoundException.class);
        store().delete(root + "none");
        store().delete(List.of(root + "none", root + "none2"));
    }

    @Test
    void listingIsOrderedByKeyPagedAndLimitedToThePrefix() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            keys.add(root + "cam/2025/06/15/1" + i + "/" + (1_750_000_000_000L + i) + ".mp4");
        }
        for (String k : keys.reversed()) {
            store().put(k, new byte[] {1, 2}, ObjectStore.MP4);
        }
        store().put(root + "camera-other/x.mp4", new byte[1], ObjectStore.MP4);

        ObjectPage first = store().list(root + "cam/", null, 3);
        assertThat(first.objects()).extracting(ObjectInfo::key).containsExactlyElementsOf(keys.subList(0, 3));
        assertThat(first.truncated()).isTrue();
        assertThat(first.objects().get(0).size()).isEqualTo(2);
        ObjectPage rest = store().list(root + "cam/", first.lastKey(), 1000);
        assertThat(rest.objects()).extracting(ObjectInfo::key).containsExactlyElementsOf(keys.subList(3, 7));
        assertThat(rest.truncated()).isFalse();
        ObjectPage afterHour = store().list(root + "cam/", root + "cam/2025/06/15/14/", 1000);
        assertThat(afterHour.objects()).extracting(ObjectInfo::key).containsExactlyElementsOf(keys.subList(4, 7));
        assertThat(store().list(root + "ca", null, 1000).objects()).hasSize(8);
        assertThat(store().list(root + "nothing/", null, 1000).objects()).isEmpty();
    }

    @Test
    void deleteOneAndMany() throws Exception {
        for (int i = 0; i < 5; i++) {
            store().put(root + "d/" + i, new byte[] {(byte) i}, ObjectStore.MP4);
        }
        store().delete(root + "d/0");
        store().delete(List.of(root + "d/1", root + "d/2", root + "d/3"));
        assertThat(store().list(root + "d/", null, 1000).objects())
                .extracting(ObjectInfo::key)
                .containsExactly(root + "d/4");
    }
}
