package io.zonecam.bench.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Report prints a run's findings: prose lines for people and {@code result name=value} lines for scripts (the knee
 * search reads them), both to standard output and to {@code report.txt} in the run directory.
 */
final class Report implements AutoCloseable {

    private final PrintWriter file;

    Report(Path run) throws IOException {
        this.file = new PrintWriter(Files.newBufferedWriter(run.resolve("report.txt"), StandardCharsets.UTF_8), true);
    }

    void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        file.println(s);
    }

    void result(String name, Object value) {
        String v = value instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(value);
        line("result %s=%s", name, v);
    }

    @Override
    public void close() {
        file.close();
    }
}
