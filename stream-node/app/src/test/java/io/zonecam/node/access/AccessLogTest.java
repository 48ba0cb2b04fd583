package io.zonecam.node.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonecam.node.access.AccessLog.Kind;
import io.zonecam.sdk.model.AccessRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The node's access records: HLS requests of a token aggregated per kind and minute, WHEP sessions recorded at their
 * end with their bytes, playback paths told from the rest, token ids read from tokens.
 */
class AccessLogTest {

    final List<AccessRecord> sent = new ArrayList<>();
    final AtomicLong now = new AtomicLong(Instant.parse("2026-12-06T10:00:00Z").toEpochMilli());
    final AccessLog log = new AccessLog(sent::add, now::get, new SimpleMeterRegistry(), false);
    final UUID camera = UUID.randomUUID();
    final UUID token = UUID.randomUUID();

    @Test
    void shouldAggregateAViewersSegmentFetchesIntoOneRecordAMinute() {
        for (int i = 0; i < 30; i++) {
            log.add(Kind.RECORDED, camera, token, "203.0.113.7", 1000);
            now.addAndGet(2000);
        }
        log.closeWindows(false);
        assertThat(sent).hasSize(1);
        AccessRecord r = sent.get(0);
        assertThat(r.getBytes()).isEqualTo(30_000);
        assertThat(r.getKind()).isEqualTo(AccessRecord.KindEnum.RECORDED);
        assertThat(r.getTokenId()).isEqualTo(token);
        assertThat(r.getClientAddress()).isEqualTo("203.0.113.7");
        assertThat(r.getStartedAt().toInstant()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(r.getEndedAt().toInstant()).isEqualTo(Instant.parse("2026-12-06T10:00:58Z"));

        log.add(Kind.RECORDED, camera, token, "203.0.113.7", 5);
        log.closeWindows(false);
        assertThat(sent).hasSize(1);
    }

    @Test
    void shouldKeepKindsApartAndFlushEverythingAtShutdown() {
        log.add(Kind.RECORDED, camera, token, null, 10);
        log.add(Kind.CLIP, camera, token, null, 20);
        log.liveStarted("viewer-1", camera, token, null);
        log.closeWindows(true);
        assertThat(sent)
                .extracting(AccessRecord::getKind)
                .containsExactlyInAnyOrder(
                        AccessRecord.KindEnum.RECORDED, AccessRecord.KindEnum.CLIP, AccessRecord.KindEnum.LIVE);
        assertThat(sent).extracting(AccessRecord::getId).doesNotHaveDuplicates();
    }

    @Test
    void shouldRecordAWhepSessionAtItsEndWithItsBytes() {
        log.liveStarted("viewer-1", camera, token, "198.51.100.2");
        now.addAndGet(300_000);
        log.liveEnded("viewer-1", 31_457_280);
        log.liveEnded("viewer-1", 1);
        log.liveEnded("unknown", 1);
        assertThat(sent).hasSize(1);
        AccessRecord r = sent.get(0);
        assertThat(r.getKind()).isEqualTo(AccessRecord.KindEnum.LIVE);
        assertThat(r.getBytes()).isEqualTo(31_457_280);
        assertThat(r.getEndedAt().toInstant().toEpochMilli()
                        - r.getStartedAt().toInstant().toEpochMilli())
                .isEqualTo(300_000);
    }

    @Test
    void shouldTellPlaybackPathsFromTheRest() {
        String id = camera.toString();
        assertThat(PlaybackPath.of("GET", "/hls/cameras/" + id + "/index.m3u8").kind())
                .isEqualTo(Kind.RECORDED);
        assertThat(PlaybackPath.of("GET", "/hls/cameras/" + id + "/objects/a%2Fb.m4s")
                        .kind())
                .isEqualTo(Kind.RECORDED);
        assertThat(PlaybackPath.of("GET", "/clips/cameras/" + id + ".mp4").kind())
                .isEqualTo(Kind.CLIP);
        assertThat(PlaybackPath.of("GET", "/snapshots/cameras/" + id).kind()).isEqualTo(Kind.SNAPSHOT);
        assertThat(PlaybackPath.of("GET", "/thumbnails/cameras/" + id + "/latest.jpg")
                        .kind())
                .isEqualTo(Kind.THUMBNAIL);
        assertThat(PlaybackPath.of("POST", "/whep/cameras/" + id).kind()).isEqualTo(Kind.LIVE);
        assertThat(PlaybackPath.of("GET", "/recordings/cameras/" + id + "/timeline"))
                .isNull();
        assertThat(PlaybackPath.of("DELETE", "/whep/sessions/x")).isNull();
        assertThat(PlaybackPath.of("GET", "/whep/cameras/" + id)).isNull();
        assertThat(PlaybackPath.of("POST", "/clips/cameras/" + id + ".mp4")).isNull();
        assertThat(PlaybackPath.of("GET", "/hls/cameras/not-a-camera/index.m3u8"))
                .isNull();
    }

    @Test
    void shouldReadTheTokenIdAndNothingElse() {
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"jti\":\"" + token + "\",\"knd\":\"live\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(TokenIds.of("e30." + payload + ".c2ln")).isEqualTo(token);
        assertThat(TokenIds.of("e30.e30.c2ln")).isNull();
        assertThat(TokenIds.of("garbage")).isNull();
        assertThat(TokenIds.of("a.!!!.b")).isNull();
        assertThat(TokenIds.of(null)).isNull();
    }
}
