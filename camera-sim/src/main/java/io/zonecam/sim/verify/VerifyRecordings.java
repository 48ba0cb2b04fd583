package io.zonecam.sim.verify;

import io.zonecam.sdk.ApiClient;
import io.zonecam.sdk.api.CamerasApi;
import io.zonecam.sdk.api.PlaybackApi;
import io.zonecam.sdk.model.Camera;
import io.zonecam.sdk.model.PlaybackUrl;
import io.zonecam.sdk.model.RecordedPlaybackRequest;
import io.zonecam.sim.DurationConverter;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * VerifyRecordings checks the recordings of simulated cameras frame by frame over a time window, through the public
 * API (recorded playback URLs) and the nodes' HLS: frames recorded, missing and duplicated per camera.
 *
 * <pre>java -cp camera-sim/target/camera-sim.jar io.zonecam.sim.verify.VerifyRecordings \
 *     --control-plane http://localhost:8080 --api-key zk_... --last 5m</pre>
 * Exits 0 when no camera misses or repeats a frame inside its recorded span, 1 otherwise.
 */
@Command(
        name = "verify-recordings",
        mixinStandardHelpOptions = true,
        description = "Check simulated cameras' recordings frame by frame (frame markers) over a window.")
public final class VerifyRecordings implements Callable<Integer> {

    @Option(names = "--control-plane", required = true)
    String controlPlane;

    @Option(names = "--api-key", required = true)
    String apiKey;

    @Option(names = "--last", defaultValue = "5m", description = "Window ending now, e.g. 90s, 5m.")
    String last;

    @Option(names = "--camera", description = "Only these camera ids (default: every camera of the organization).")
    List<UUID> cameras = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(controlPlane.replaceAll("/+$", ""));
        client.setRequestInterceptor(b -> b.header("X-Api-Key", apiKey));
        List<UUID> ids = new ArrayList<>(cameras);
        if (ids.isEmpty()) {
            String cursor = null;
            do {
                var page = new CamerasApi(client).listCameras(500, cursor, null, null, null, null);
                page.getItems().stream().map(Camera::getId).forEach(ids::add);
                cursor = page.getNextCursor();
            } while (cursor != null);
        }
        OffsetDateTime to = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        OffsetDateTime from = to.minus(new DurationConverter().convert(last));
        RecordingVerifier verifier = new RecordingVerifier();
        int bad = 0;
        for (UUID id : ids) {
            PlaybackUrl url = new PlaybackApi(client)
                    .createRecordedPlayback(
                            id, new RecordedPlaybackRequest().from(from).to(to));
            RecordingVerifier.Report r = verifier.verify(id.toString(), URI.create(url.getUrl()));
            System.out.println(r);
            if (r.missing() > 0 || r.duplicates() > 0 || r.foreign() > 0) {
                bad++;
            }
        }
        System.out.printf("%d cameras checked, %d with missing, duplicated or foreign frames%n", ids.size(), bad);
        return bad == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new VerifyRecordings()).execute(args));
    }
}
