package io.zonecam.bench.node;

import java.nio.file.Path;

/**
 * SideBySide runs a scenario's load against Zonecam and then the same load against a peer server in the same run
 * (unless {@code --peer none}), or against the peer alone ({@code --target peer}), and hands both figures to the
 * scenario's comparison.
 */
final class SideBySide {

    /** One target's measurement of {@code load} (cameras or viewers). */
    @FunctionalInterface
    interface Target<F> {
        F measure(Path run, int load) throws Exception;
    }

    /** Reports Zonecam's figures against the peer's. */
    @FunctionalInterface
    interface Comparison<F> {
        void report(F zonecam, F peer);
    }

    private SideBySide() {}

    /**
     * Runs the targets {@code o} asks for; {@code heading} says what the comparison is of (e.g. {@code 50 cameras,
     * node CPU 1}).
     */
    static <F> void run(
            Options o,
            Report report,
            Path run,
            int load,
            String peerName,
            String heading,
            Target<F> zonecam,
            Target<F> peer,
            Comparison<F> compare)
            throws Exception {
        if (o.text("target", "both").equals("peer")) {
            peer.measure(run, load);
            return;
        }
        F ours = zonecam.measure(run, load);
        if (!o.text("peer", peerName).equals("none")) {
            F theirs = peer.measure(run, load);
            report.line("");
            report.line("same load, same run: %s", heading);
            compare.report(ours, theirs);
        }
    }
}
