package io.zonecam.node.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.zonecam.contracts.recording.ObjectLayout;
import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.RecordingKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Playlists point at CloudFront only for keys the signed policy covers, for the configured CDN, before expiry. */
class CdnObjectUrlsTest {
    static final String CDN = "d111111abcdef8.cloudfront.net";
    static final Instant NOW = Instant.parse("2026-12-06T06:00:00Z");
    static final long START = Instant.parse("2026-12-06T05:10:00Z").toEpochMilli();

    static final RecordingKey MINE =
            new RecordingKey("zones/euw1-a/", RetentionClass.R30, "cam-1", START, START + 4000, "ab12cd34");
    static final RecordingKey OTHER =
            new RecordingKey("zones/euw1-a/", RetentionClass.R30, "cam-2", START, START + 4000, "ab12cd34");
    static final RecordingKey NEXT_DAY = new RecordingKey(
            "zones/euw1-a/", RetentionClass.R30, "cam-1", START + 86_400_000L, START + 86_404_000L, "ab12cd34");

    @Test
    void keysThePolicyCoversGoToTheCdnWithTheSameSignature() {
        String pattern = "https://" + CDN + "/" + ObjectLayout.cameraObjectsPattern("cam-1", START, START + 600_000);
        CdnObjectUrls urls = CdnObjectUrls.of(Optional.of(CDN), signed(pattern, NOW.plusSeconds(60)), NOW)
                .orElseThrow();
        assertThat(urls.url(MINE.key()))
                .contains("https://" + CDN + "/" + MINE.key() + "?Policy=" + policy(pattern, NOW.plusSeconds(60))
                        + "&Signature=c2ln&Key-Pair-Id=K2JCJMDEHXQW5F");
        // Another camera's objects, or this camera's outside the range's hours, stay on the node.
        assertThat(urls.url(OTHER.key())).isEmpty();
        assertThat(urls.url(NEXT_DAY.key())).isEmpty();
    }

    @Test
    void noCdnAnotherHostAnExpiredPolicyOrGarbageKeepTheNodeRoute() {
        String pattern = "https://" + CDN + "/zones/*";
        assertThat(CdnObjectUrls.of(Optional.empty(), signed(pattern, NOW.plusSeconds(60)), NOW))
                .isEmpty();
        assertThat(CdnObjectUrls.of(Optional.of(CDN), signed("https://evil.example/zones/*", NOW.plusSeconds(60)), NOW))
                .isEmpty();
        assertThat(CdnObjectUrls.of(Optional.of(CDN), signed(pattern, NOW), NOW))
                .isEmpty();
        assertThat(CdnObjectUrls.of(
                        Optional.of(CDN), MultiMap.caseInsensitiveMultiMap().add("Policy", "%%%"), NOW))
                .isEmpty();
        MultiMap garbage = signed(pattern, NOW.plusSeconds(60)).set("Policy", "bm90IGpzb24_");
        assertThat(CdnObjectUrls.of(Optional.of(CDN), garbage, NOW)).isEmpty();
        // Values are repeated verbatim into the playlist, so only CloudFront's alphabet gets through.
        MultiMap injected = signed(pattern, NOW.plusSeconds(60)).set("Key-Pair-Id", "K2\n#EXT-X-ENDLIST");
        assertThat(CdnObjectUrls.of(Optional.of(CDN), injected, NOW)).isEmpty();
    }

    private static MultiMap signed(String resource, Instant expires) {
        return MultiMap.caseInsensitiveMultiMap()
                .add("Policy", policy(resource, expires))
                .add("Signature", "c2ln")
                .add("Key-Pair-Id", "K2JCJMDEHXQW5F");
    }

    private static String policy(String resource, Instant expires) {
        String json = "{\"Statement\":[{\"Resource\":\"" + resource
                + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + expires.getEpochSecond() + "}}}]}";
        return Base64.getEncoder()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8))
                .replace('+', '-')
                .replace('=', '_')
                .replace('/', '~');
    }
}
