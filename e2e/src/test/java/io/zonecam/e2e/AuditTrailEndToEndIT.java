package io.zonecam.e2e;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.api.AuditApi;
import io.zonecam.sdk.api.OrganizationsApi;
import io.zonecam.sdk.api.PlaybackApi;
import io.zonecam.sdk.model.AuditAction;
import io.zonecam.sdk.model.AuditEntry;
import io.zonecam.sdk.model.OrganizationCreate;
import io.zonecam.sdk.model.PlaybackUrl;
import io.zonecam.sdk.model.RecordedPlaybackRequest;
import io.zonecam.sim.verify.RecordingVerifier;
import io.zonecam.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AuditTrailEndToEndIT follows one viewing session through real processes into the audit log: the owner issues a
 * live URL and watches it in headless Chromium over WHEP, issues a recorded URL and plays its HLS playlist and
 * fragments, downloads the clip of the same range; the stream node reports each access through its report channel
 * and {@code GET /v1/audit} then shows every step exactly once, tied by token id to the issuance, with the bytes the
 * node sent. Another organization sees none of it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AuditTrailEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Node access windows close a minute after their first request, then the report channel sends within seconds. */
    private static final Duration REPORTED = Duration.ofSeconds(100);

    @AutoClose
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.start("audit", Platform.Options.smallCameras(1, 1, Duration.ofSeconds(30), 1));
    }

    @Test
    void anEndToEndSessionLeavesEachStepInTheAuditTrailOnce() throws Exception {
        UUID camera = platform.liveCameras.get(0);
        UUID nodeId = platform.nodeOf(camera).getId();
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
        PlaybackApi playback = new PlaybackApi(platform.owner());

        // 1. Live: a real WebRTC client watches about three seconds, then hangs up.
        PlaybackUrl live = playback.createLivePlayback(camera);
        JsonNode watched = platform.browse(
                "whep", Map.of("url", live.getUrl(), "token", live.getToken(), "frames", 75), Duration.ofSeconds(90));
        assertThat(watched.path("deleted").asInt()).as("WHEP session deleted").isEqualTo(204);
        long received = watched.path("bytesReceived").asLong();
        assertThat(received).as("video bytes the browser received").isPositive();

        // 2. Recorded: the time the camera published while it was watched (it was online before the test began),
        // played as a player does (playlist, then each fragment).
        PlaybackUrl recorded = playback.createRecordedPlayback(
                camera,
                new RecordedPlaybackRequest()
                        .from(since)
                        .to(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1)));
        // The end of the range may still be on its way to the store; every try falls in one access window (a minute).
        RecordingVerifier.Report played = Await.value(
                "the recorded range to play",
                Duration.ofSeconds(40),
                () -> new RecordingVerifier().verify(camera.toString(), URI.create(recorded.getUrl())),
                r -> r.frames() >= 75);
        assertThat(played.foreign()).as(played.toString()).isZero();

        // 3. The clip of the same range, with the same token.
        HttpResponse<byte[]> clip = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(recorded.getClipUrl()))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(clip.statusCode()).as("clip download").isEqualTo(200);
        assertThat(new String(Arrays.copyOfRange(clip.body(), 4, 8), StandardCharsets.US_ASCII))
                .as("an MP4 file")
                .isEqualTo("ftyp");

        // 4. The audit trail: each issuance and each access exactly once, tied by token id.
        UUID liveToken = tokenId(live.getToken());
        UUID recordedToken = tokenId(recorded.getToken());
        AuditApi audit = new AuditApi(platform.owner());
        List<AuditEntry> trail = Await.value(
                "the node's access records of the session in the audit log",
                REPORTED,
                () -> audit.listAuditEntries(null, null, null, since, null, 100, null)
                        .getItems(),
                items -> has(items, AuditAction.ACCESS_LIVE, liveToken)
                        && has(items, AuditAction.ACCESS_RECORDED, recordedToken)
                        && has(items, AuditAction.ACCESS_CLIP, recordedToken));
        System.out.println("e2e: audit trail of the session: " + trail);
        assertThat(trail.stream()
                        .filter(e -> e.getTokenId() != null)
                        .collect(groupingBy(e -> e.getAction().getValue() + " " + e.getTokenId(), counting())))
                .as("entries with a token id, by action and token")
                .containsOnly(
                        entry("playback.live.issued " + liveToken, 1L),
                        entry("playback.recorded.issued " + recordedToken, 1L),
                        entry("access.live " + liveToken, 1L),
                        entry("access.recorded " + recordedToken, 1L),
                        entry("access.clip " + recordedToken, 1L));

        String actor = one(trail, AuditAction.PLAYBACK_LIVE_ISSUED).getActor();
        assertThat(actor).startsWith("api-key:");
        assertThat(one(trail, AuditAction.PLAYBACK_RECORDED_ISSUED).getActor()).isEqualTo(actor);
        for (AuditAction a : List.of(AuditAction.ACCESS_LIVE, AuditAction.ACCESS_RECORDED, AuditAction.ACCESS_CLIP)) {
            AuditEntry e = one(trail, a);
            assertThat(e.getActor())
                    .as(a + ": the actor the token was issued to")
                    .isEqualTo(actor);
            assertThat(e.getCameraId()).as(a + " camera").isEqualTo(camera);
            assertThat(e.getNodeId()).as(a + " node").isEqualTo(nodeId);
            assertThat(e.getClientAddress()).as(a + " viewer address").isEqualTo("127.0.0.1");
            assertThat(e.getBytes()).as(a + " bytes").isPositive();
            assertThat(e.getEndedAt()).as(a + " end").isAfterOrEqualTo(e.getOccurredAt());
        }
        AuditEntry session = one(trail, AuditAction.ACCESS_LIVE);
        assertThat(Duration.between(session.getOccurredAt(), session.getEndedAt()))
                .as("the WHEP session lasted while 75 frames played")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(session.getBytes())
                .as("SRTP bytes the node sent, at least the video payload the browser received")
                .isGreaterThanOrEqualTo(received);
        assertThat(one(trail, AuditAction.ACCESS_CLIP).getBytes())
                .as("the clip's bytes")
                .isEqualTo(clip.body().length);
        System.out.printf(
                "e2e: live session %d bytes (browser received %d), HLS %d bytes in %d fragments, clip %d bytes%n",
                session.getBytes(),
                received,
                one(trail, AuditAction.ACCESS_RECORDED).getBytes(),
                played.fragments(),
                clip.body().length);

        // 5. Another organization sees none of it, and the camera is a 404 there.
        AuditApi other = new AuditApi(platform.client(
                "X-Api-Key",
                new OrganizationsApi(platform.operator())
                        .createOrganization(
                                new OrganizationCreate().name("Other").region("local"))
                        .getApiKey()
                        .getKey()));
        assertThat(other.listAuditEntries(null, null, null, since, null, 100, null)
                        .getItems())
                .as("another organization's audit log")
                .noneMatch(e -> camera.equals(e.getCameraId())
                        || liveToken.equals(e.getTokenId())
                        || recordedToken.equals(e.getTokenId()));
        assertThatThrownBy(() -> other.listAuditEntries(camera, null, null, null, null, 10, null))
                .isInstanceOfSatisfying(
                        ApiException.class, ex -> assertThat(ex.getCode()).isEqualTo(404));
    }

    private static boolean has(List<AuditEntry> items, AuditAction action, UUID token) {
        return items.stream().anyMatch(e -> e.getAction() == action && token.equals(e.getTokenId()));
    }

    private static AuditEntry one(List<AuditEntry> items, AuditAction action) {
        List<AuditEntry> found =
                items.stream().filter(e -> e.getAction() == action).toList();
        assertThat(found).as(action.getValue() + " entries").hasSize(1);
        return found.get(0);
    }

    /** The id ({@code jti}) of a playback token, read from its payload as the node reads it. */
    private static UUID tokenId(String token) throws IOException {
        String payload = token.split("\\.")[1];
        return UUID.fromString(JSON.readTree(Base64.getUrlDecoder().decode(payload))
                .path("jti")
                .asText());
    }
}
