package io.zonecam.pictures.thumbs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The schedule takes the first keyframe of each cell; asking whether it would take one remembers nothing. */
class ThumbnailScheduleTest {

    @Test
    void wouldTakeAsksWithoutTakingAndDueTakes() {
        ThumbnailSchedule s = new ThumbnailSchedule(Duration.ofSeconds(10));
        assertThat(s.wouldTake(21_000_000)).isTrue();
        assertThat(s.wouldTake(21_000_000)).isTrue();
        assertThat(s.due(21_000_000)).isTrue();
        assertThat(s.wouldTake(29_999_999)).isFalse();
        assertThat(s.due(29_999_999)).isFalse();
        assertThat(s.wouldTake(30_000_000)).isTrue();
        assertThat(s.due(30_000_000)).isTrue();
        // A clock set back starts over.
        assertThat(s.wouldTake(5_000_000)).isTrue();
    }
}
