package io.zonecam.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.contracts.recording.RetentionClass;
import org.junit.jupiter.api.Test;

/** Keys are deterministic, sort by time within a camera, and round-trip through spool file names. */
class RecordingKeyTest {

    @Test
    void keyHasTheDocumentedLayout() {
        RecordingKey k = new RecordingKey(
                "zones/eu-1/", RetentionClass.R30, "cam-1", 1_750_000_000_080L, 1_750_000_060_080L, "abcd1234");
        assertThat(k.key()).isEqualTo("zones/eu-1/r30/cam-1/2025/06/15/15/1750000000080-1750000060080-abcd1234.mp4");
        assertThat(RecordingKey.parse(k.key())).isEqualTo(k);
        assertThat(k.fileName()).doesNotContain("/");
        assertThat(RecordingKey.fromFileName(k.fileName())).isEqualTo(k);
    }

    @Test
    void keysOfACameraSortByStartTimeAcrossHours() {
        // 15:59:30 and 16:00:30 UTC
        RecordingKey a =
                new RecordingKey("", RetentionClass.CUSTOM, "c", 1_750_003_170_000L, 1_750_003_230_000L, "s0001");
        RecordingKey b =
                new RecordingKey("", RetentionClass.CUSTOM, "c", 1_750_003_230_000L, 1_750_003_290_000L, "s0001");
        assertThat(a.key().compareTo(b.key())).isNegative();
        assertThat(a.key()).startsWith("rc/c/2025/06/15/15/");
        assertThat(b.key()).startsWith("rc/c/2025/06/15/16/");
    }

    @Test
    void foreignOrInconsistentKeysAreRejected() {
        assertThat(RecordingKey.tryParse("zones/x/r7/cam/2025/06/15/15/notes.txt"))
                .isNull();
        // hour folder does not match the start time
        assertThat(RecordingKey.tryParse("r7/cam/2025/06/15/14/1750000000080-1750000060080-abcd1234.mp4"))
                .isNull();
        assertThatThrownBy(() -> new RecordingKey(
                        "", RetentionClass.R7, "../etc", 1_750_000_000_000L, 1_750_000_000_000L, "abcd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new RecordingKey("", RetentionClass.R7, "cam", 1_750_000_000_000L, 1_740_000_000_000L, "abcd"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newSessionIdsAreValidKeyParts() {
        assertThat(RecordingTarget.newSessionId()).matches(RecordingKey.SESSION_ID);
    }
}
