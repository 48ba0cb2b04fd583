package io.zonecam.bench.node;

import java.io.IOException;
import java.time.Duration;

/** RecordScenarioUploads waits, after the cameras unpublished, until the node has uploaded every recorded object. */
final class RecordScenarioUploads {

    private RecordScenarioUploads() {}

    /** The node's pending-upload gauge at 0 and no new PUT at the store for 5 s (at most 4 minutes). */
    static void await(ZonecamNode node) throws InterruptedException {
        long[] last = {-1, System.nanoTime()};
        Http.await("the node to upload every recorded object", Duration.ofSeconds(240), () -> {
            try {
                var s = node.s3Stats();
                long puts = s.path("puts").asLong() + s.path("completes").asLong();
                if (puts != last[0]) {
                    last[0] = puts;
                    last[1] = System.nanoTime();
                }
                return node.metric("zonecam_upload_pending") == 0
                        && System.nanoTime() - last[1] > Duration.ofSeconds(5).toNanos();
            } catch (IOException e) {
                return false;
            }
        });
    }
}
