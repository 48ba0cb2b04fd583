package io.zonecam.recording.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filesystem store meets the contract, refuses keys that escape its root, and leaves no temp files. */
class FileSystemObjectStoreTest extends ObjectStoreContractTest {

    FileSystemObjectStore store;

    @BeforeEach
    void open() throws IOException {
        store = new FileSystemObjectStore(tmp.resolve("store"));
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Test
    void keysThatWouldEscapeTheRootAreRefused() {
        for (String bad : new String[] {"../x", "a/../../x", "/abs", "a//b", "a/./b", "a/", ""}) {
            assertThatThrownBy(() -> store.put(bad, new byte[1], ObjectStore.MP4))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void putsLeaveNoTemporaryFilesAndDeletesRemoveEmptyFolders() throws Exception {
        store.put("a/b/c.mp4", new byte[10], ObjectStore.MP4);
        store.put("a/b/c.mp4", new byte[20], ObjectStore.MP4);
        try (var files = Files.walk(store.root())) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        store.delete("a/b/c.mp4");
        assertThat(Files.exists(store.root().resolve("a"))).isFalse();
    }
}
