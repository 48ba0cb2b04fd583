package io.zonecam.bench.node;

import io.zonecam.sim.verify.RecordingVerifier;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * RecordingCheck reads every camera's recording back through the node's HLS, the way a player does, and compares
 * the frame markers in it with what the simulator sent: frames lost (sent, never recorded) and duplicated.
 */
final class RecordingCheck {

    /** Totals over the checked cameras. */
    record Result(
            int cameras, long sent, long recorded, long lost, long duplicated, int camerasWithLoss, String worst) {}

    private RecordingCheck() {}

    static Result check(List<CameraLoad.Sent> sent, Function<String, String> playlistUrl) throws Exception {
        RecordingVerifier verifier = new RecordingVerifier();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, Future<RecordingVerifier.Report>> reports = sent.stream()
                    .collect(Collectors.toMap(
                            CameraLoad.Sent::cameraId,
                            s -> pool.submit(
                                    () -> verifier.verify(s.cameraId(), URI.create(playlistUrl.apply(s.cameraId()))))));
            long totalSent = 0;
            long recorded = 0;
            long lost = 0;
            long duplicated = 0;
            int withLoss = 0;
            String worst = "";
            long worstLost = 0;
            for (CameraLoad.Sent s : sent) {
                RecordingVerifier.Report r = reports.get(s.cameraId()).get();
                // Counters run 0..sent-1 on one camera; every one of them must be in the recording exactly once.
                long distinct = java.util.Arrays.stream(r.counters())
                        .filter(c -> c >= 0 && c < s.sent())
                        .distinct()
                        .count();
                long cameraLost = s.sent() - distinct;
                totalSent += s.sent();
                recorded += distinct;
                lost += cameraLost;
                duplicated += r.duplicates();
                if (cameraLost > 0 || r.duplicates() > 0) {
                    withLoss++;
                    if (cameraLost >= worstLost) {
                        worstLost = cameraLost;
                        worst = s.cameraId() + ": sent " + s.sent() + ", " + r;
                    }
                }
            }
            return new Result(sent.size(), totalSent, recorded, lost, duplicated, withLoss, worst);
        } finally {
            pool.shutdownNow();
        }
    }
}
