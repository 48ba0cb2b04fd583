package io.zonecam.control.playback;

import static io.zonecam.control.support.Fixtures.withKey;

import io.restassured.response.Response;
import java.time.Instant;
import java.util.Map;

/** Shares are the share-link calls the playback tests make, through the public API. */
final class Shares {

    private Shares() {}

    /** Asks, with {@code apiKey}, for a link to the ten minutes of {@code cameraId} from {@code from}. */
    static Response create(String apiKey, String cameraId, Instant from, int expiresInSeconds) {
        return withKey(apiKey)
                .body(Map.of(
                        "from",
                        from.toString(),
                        "to",
                        from.plusSeconds(600).toString(),
                        "expiresInSeconds",
                        expiresInSeconds))
                .post("/v1/cameras/" + cameraId + "/shares");
    }
}
