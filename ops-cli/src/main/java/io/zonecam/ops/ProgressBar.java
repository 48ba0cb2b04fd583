package io.zonecam.ops;

import java.io.PrintStream;
import java.time.Duration;

/** ProgressBar draws one line that redraws in place on a terminal (and prints a line per change elsewhere). */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private String last = "";

    ProgressBar(PrintStream out) {
        this.out = out;
        this.terminal = System.console() != null;
    }

    /** Shows {@code done} of {@code total} with a label and the elapsed time. */
    void show(String label, int done, int total, Duration elapsed) {
        int filled = total <= 0 ? WIDTH : (int) Math.round(WIDTH * Math.min(1.0, done / (double) total));
        String line = String.format(
                "%s [%s%s] %d/%d  %.1f s",
                label, "#".repeat(filled), "-".repeat(WIDTH - filled), done, total, elapsed.toMillis() / 1000.0);
        if (terminal) {
            out.print("\r" + line);
            out.flush();
        } else if (!line.substring(0, line.lastIndexOf(']')).equals(last)) {
            out.println(line);
        }
        last = line.substring(0, line.lastIndexOf(']'));
    }

    /** Ends the bar's line. */
    void finish() {
        if (terminal) {
            out.println();
        }
    }
}
