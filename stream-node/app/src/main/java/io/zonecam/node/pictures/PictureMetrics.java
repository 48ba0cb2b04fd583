package io.zonecam.node.pictures;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * PictureMetrics counts what pictures cost and refuse: snapshot decode time (live and recorded), thumbnails written
 * and skipped, thumbnail pack PUTs and bytes (the per camera-hour cost), and refusals by route and reason.
 */
@ApplicationScoped
public class PictureMetrics {

    private final MeterRegistry registry;
    private final Timer liveDecode;
    private final Timer recordedDecode;
    private final Counter thumbnailsWritten;
    private final Counter thumbnailsSkipped;
    private final Counter thumbnailsFailed;
    private final Counter packPuts;
    private final Counter packBytes;
    private final Counter packFailures;

    public PictureMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.liveDecode = decodeTimer("live");
        this.recordedDecode = decodeTimer("recorded");
        this.thumbnailsWritten = counter("written", "Thumbnails taken from keyframes and appended to a pack");
        this.thumbnailsSkipped =
                counter("skipped", "Keyframes not offered for a thumbnail because the decoding threads were busy");
        this.thumbnailsFailed = counter("failed", "Keyframes that could not be made into a thumbnail (undecodable)");
        this.packPuts = counter("pack.puts", "Thumbnail packs stored: one PUT per camera-hour and publish session");
        this.packBytes = counter("pack.bytes", "Bytes of thumbnail packs stored");
        this.packFailures = counter(
                "pack.failures", "Thumbnail packs that could not be stored after retries (their thumbnails are lost)");
    }

    /** A counter named {@code zonecam.thumbnails.<name>}. */
    private Counter counter(String name, String description) {
        return Counter.builder("zonecam.thumbnails." + name)
                .description(description)
                .register(registry);
    }

    private Timer decodeTimer(String source) {
        return Timer.builder("zonecam.snapshots.decode")
                .description("Decode and encode time of one snapshot, on a decoding thread")
                .tag("source", source)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** The decode timer of live or recorded snapshots. */
    Timer decode(boolean live) {
        return live ? liveDecode : recordedDecode;
    }

    void thumbnailWritten() {
        thumbnailsWritten.increment();
    }

    void thumbnailSkipped() {
        thumbnailsSkipped.increment();
    }

    void thumbnailsFailed(long n) {
        thumbnailsFailed.increment(n);
    }

    void packStored(long bytes) {
        packPuts.increment();
        packBytes.increment(bytes);
    }

    void packLost() {
        packFailures.increment();
    }

    /** Counts a refused picture request. */
    void refused(String route, String reason) {
        registry.counter("zonecam.pictures.refused", "route", route, "reason", reason)
                .increment();
    }
}
