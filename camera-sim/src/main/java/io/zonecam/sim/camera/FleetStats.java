package io.zonecam.sim.camera;

import java.util.List;

/**
 * FleetStats sums {@link CameraStats} over a fleet.
 *
 * @param cameras          cameras in the fleet
 * @param publishing       cameras with a publishing session
 * @param framesGenerated  video frames all timelines produced
 * @param framesSent       frames written to at least one session
 * @param framesDropped    frames dropped because write buffers were full
 * @param framesUnsent     frames no session could take (disconnected, waiting for a keyframe)
 * @param framesSkipped    frames skipped because the simulator fell behind
 * @param bytesSent        media bytes written
 * @param connectFailures  connections that ended before confirmation
 * @param reconnects       sessions lost unexpectedly
 * @param moves            completed moves
 * @param maxLagMicros     worst frame lateness of any camera
 * @param perCamera        the cameras' own snapshots
 */
public record FleetStats(
        int cameras,
        int publishing,
        long framesGenerated,
        long framesSent,
        long framesDropped,
        long framesUnsent,
        long framesSkipped,
        long bytesSent,
        long connectFailures,
        long reconnects,
        long moves,
        long maxLagMicros,
        List<CameraStats> perCamera) {

    static FleetStats of(List<CameraStats> all) {
        int publishing = 0;
        long gen = 0;
        long sent = 0;
        long dropped = 0;
        long unsent = 0;
        long skipped = 0;
        long bytes = 0;
        long failures = 0;
        long reconnects = 0;
        long moves = 0;
        long lag = 0;
        for (CameraStats s : all) {
            publishing += s.phase() == SimulatedCamera.Phase.PUBLISHING ? 1 : 0;
            gen += s.framesGenerated();
            sent += s.framesSent();
            dropped += s.framesDropped();
            unsent += s.framesUnsent();
            skipped += s.framesSkipped();
            bytes += s.bytesSent();
            failures += s.connectFailures();
            reconnects += s.reconnects();
            moves += s.moves();
            lag = Math.max(lag, s.maxLagMicros());
        }
        return new FleetStats(
                all.size(),
                publishing,
                gen,
                sent,
                dropped,
                unsent,
                skipped,
                bytes,
                failures,
                reconnects,
                moves,
                lag,
                List.copyOf(all));
    }

    /** A summary line; rates are computed against {@code previous} over {@code seconds}. */
    public String summary(FleetStats previous, double seconds) {
        return summary(previous, seconds, -1);
    }

    /** A summary line with the worst lateness of the last interval ({@code recentLagMicros}, -1 to leave it out). */
    public String summary(FleetStats previous, double seconds, long recentLagMicros) {
        double fps = previous == null || seconds <= 0 ? 0 : (framesSent - previous.framesSent) / seconds;
        double mbps = previous == null || seconds <= 0 ? 0 : (bytesSent - previous.bytesSent) * 8 / seconds / 1e6;
        return String.format(
                "cameras %d/%d publishing | %.1f fps %.1f Mb/s | frames sent %d dropped %d unsent %d "
                        + "skipped %d | connect failures %d reconnects %d moves %d | max lag %s",
                publishing,
                cameras,
                fps,
                mbps,
                framesSent,
                framesDropped,
                framesUnsent,
                framesSkipped,
                connectFailures,
                reconnects,
                moves,
                recentLagMicros < 0
                        ? maxLagMicros / 1000 + " ms"
                        : recentLagMicros / 1000 + " ms (ever " + maxLagMicros / 1000 + " ms)");
    }
}
