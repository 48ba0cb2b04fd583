package io.zonecam.node.playback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.Ffprobe;
import io.zonecam.node.support.Http;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.NodeUnderTest;
import io.zonecam.node.support.RecordedCamera;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A recorded playback token opens only the fragments of its range: one second of a camera opens the fragment around
 * it (and its object's init), never the rest of the 4 s object or its neighbours, in the playlist, the object bytes,
 * the timeline and the clip alike.
 */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class PlaybackScopeTest {

    @Inject
    NodeUnderTest node;

    static RecordedCamera camera;
    /** Every fragment, as a token for the whole recording lists them. */
    static Playlist all;
    /** A fragment of 2 s that shares its object with {@link #neighbour}. */
    static Playlist.Segment chosen;

    static Playlist.Segment neighbour;
    /** A token for one second inside {@link #chosen}. */
    static String oneSecond;

    static Instant oneSecondFrom;

    @BeforeEach
    void recordOnce() throws Exception {
        if (camera != null) {
            return;
        }
        // 12 s at 25 fps, a keyframe every second, 4 s objects of 2 s fragments.
        camera = node.record(UUID.randomUUID().toString(), (url, log) -> Ffmpeg.publish(url, 12, false, log));
        String full = token(camera.from(), camera.to());
        all = Playlist.parse(
                new String(Http.get(base() + "/index.m3u8?token=" + full, null).body(), StandardCharsets.UTF_8));
        List<Playlist.Segment> s = all.segments();
        for (int i = 1; i < s.size() && chosen == null; i++) {
            Playlist.Segment before = s.get(i - 1);
            if (before.object().equals(s.get(i).object()) && s.get(i).seconds() >= 1.9) {
                chosen = s.get(i);
                neighbour = before;
            }
        }
        assertThat(chosen)
                .as("a 2 s fragment after another of its object in %s", s)
                .isNotNull();
        // A whole second strictly inside the fragment: [floor(middle - 0.5 s), + 1 s).
        Instant middle = chosen.start().plusMillis(Math.round(chosen.seconds() * 500));
        oneSecondFrom = middle.minusMillis(500).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        if (oneSecondFrom.plusSeconds(1).isAfter(chosen.end())) {
            oneSecondFrom = oneSecondFrom.minusSeconds(1);
        }
        assertThat(oneSecondFrom).isAfterOrEqualTo(chosen.start());
        oneSecond = token(oneSecondFrom, oneSecondFrom.plusSeconds(1));
    }

    @Test
    void shouldListOnlyTheFragmentAroundTheTokensSecond() throws Exception {
        Playlist p = Playlist.parse(new String(
                Http.get(base() + "/index.m3u8?token=" + oneSecond, null).body(), StandardCharsets.UTF_8));
        assertThat(p.segments()).hasSize(1);
        assertThat(p.segments().get(0).offset()).isEqualTo(chosen.offset());
        assertThat(p.segments().get(0).length()).isEqualTo(chosen.length());
    }

    @Test
    void shouldServeOnlyTheInitAndTheFragmentsOfTheTokensRange() throws Exception {
        String object = base() + "/" + chosen.object() + "?token=" + oneSecond;

        HttpResponse<byte[]> fragment = Http.get(object, chosen.range());
        assertThat(fragment.statusCode()).isEqualTo(206);
        assertThat(fragment.body()).hasSize((int) chosen.length());
        assertThat(fragment.headers().firstValue("Content-Range"))
                .hasValue("bytes " + chosen.offset() + "-" + (chosen.offset() + chosen.length() - 1) + "/"
                        + objectSize(chosen));
        HttpResponse<byte[]> init = Http.get(object, chosen.initRange());
        assertThat(init.statusCode()).as("the init segment").isEqualTo(206);
        assertThat(init.body()).hasSize((int) chosen.initLength());

        // The whole object, the fragment before the token's second and one byte past its fragment stay closed.
        assertForbidden(Http.get(object, null));
        assertForbidden(Http.get(object, neighbour.range()));
        assertForbidden(Http.get(object, "bytes=" + (chosen.offset() - 1) + "-" + (chosen.offset() + 99)));

        // "From the fragment on" ends where the fragment ends.
        HttpResponse<byte[]> open = Http.get(object, "bytes=" + chosen.offset() + "-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).hasSize((int) chosen.length());
    }

    @Test
    void shouldShowNoTimeOutsideTheTokensRangeInTheTimeline() throws Exception {
        JsonNode timeline = new ObjectMapper()
                .readTree(Http.get("/recordings/cameras/" + camera.id() + "/timeline?token=" + oneSecond, null)
                        .body());
        assertThat(timeline.path("segments")).hasSize(1);
        assertThat(timeline.path("segments").get(0).path("from").asText()).isEqualTo(oneSecondFrom.toString());
        assertThat(timeline.path("segments").get(0).path("to").asText())
                .isEqualTo(oneSecondFrom.plusSeconds(1).toString());
    }

    @Test
    void shouldExportOnlyTheFragmentAroundTheTokensSecondAsAClip() throws Exception {
        HttpResponse<byte[]> clip = Http.get("/clips/cameras/" + camera.id() + ".mp4?token=" + oneSecond, null);
        assertThat(clip.statusCode()).isEqualTo(200);
        Path file = Files.createTempFile("clip", ".mp4");
        Files.write(file, clip.body());

        // The one fragment: its seconds at 25 fps.
        assertThat(Ffprobe.videoFrames(file.toString())).isEqualTo((int) Math.round(chosen.seconds() * 25));
    }

    @Test
    void shouldOpenAWholeObjectToATokenThatCoversIt() throws Exception {
        String full = token(camera.from(), camera.to());
        HttpResponse<byte[]> whole = Http.get(base() + "/" + chosen.object() + "?token=" + full, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).hasSize((int) objectSize(chosen));
    }

    @Test
    void shouldPointObjectsAtTheCdnOnlyUnderAPolicyForThisCamera() throws Exception {
        String full = token(camera.from(), camera.to());
        String cdn = "https://" + NodeTestEnvironment.CDN_DOMAIN + "/";
        Playlist mine = Playlist.parse(new String(
                Http.get(base() + "/index.m3u8?token=" + full + "&" + cdnQuery(cdn + "*/" + camera.id() + "/*"), null)
                        .body(),
                StandardCharsets.UTF_8));
        assertThat(mine.segments()).hasSameSizeAs(all.segments());
        for (int i = 0; i < mine.segments().size(); i++) {
            String key = URLDecoder.decode(
                    all.segments().get(i).object().substring("objects/".length()), StandardCharsets.UTF_8);
            assertThat(mine.segments().get(i).uri())
                    .isEqualTo(cdn + key + "?" + cdnQuery(cdn + "*/" + camera.id() + "/*"));
        }
        // A policy for another camera leaves every object on the node.
        Playlist other = Playlist.parse(new String(
                Http.get(base() + "/index.m3u8?token=" + full + "&" + cdnQuery(cdn + "*/other-camera/*"), null)
                        .body(),
                StandardCharsets.UTF_8));
        assertThat(other.segments()).extracting(Playlist.Segment::uri).allMatch(u -> u.startsWith("objects/"));
    }

    /** A CloudFront query for a custom policy over {@code resource} (the node checks the policy, CloudFront the rest). */
    private static String cdnQuery(String resource) {
        String policy = "{\"Statement\":[{\"Resource\":\"" + resource
                + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
                + Instant.now().plusSeconds(600).getEpochSecond() + "}}}]}";
        String encoded = Base64.getEncoder()
                .encodeToString(policy.getBytes(StandardCharsets.UTF_8))
                .replace('+', '-')
                .replace('=', '_')
                .replace('/', '~');
        return "Policy=" + encoded + "&Signature=c2ln&Key-Pair-Id=K2JCJMDEHXQW5F";
    }

    private static void assertForbidden(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("outside-token-range");
    }

    /** The object's size, from a token that may read all of it. */
    private static long objectSize(Playlist.Segment s) throws Exception {
        String full = token(camera.from(), camera.to());
        String range = Http.get(base() + "/" + s.object() + "?token=" + full, "bytes=0-0")
                .headers()
                .firstValue("Content-Range")
                .orElseThrow();
        return Long.parseLong(range.substring(range.indexOf('/') + 1));
    }

    private static String base() {
        return "/hls/cameras/" + camera.id();
    }

    private static String token(Instant from, Instant to) {
        return URLEncoder.encode(
                NodeTestEnvironment.token(TokenKind.RECORDED, camera.id(), null, from, to, 600),
                StandardCharsets.US_ASCII);
    }
}
