package io.zonecam.iac.config;

import java.util.List;

/** ZonesConfigException says why a zones file cannot be synthesized, listing every problem found. */
public final class ZonesConfigException extends RuntimeException {
    private final List<String> problems;

    public ZonesConfigException(String source, List<String> problems) {
        super("Invalid zones configuration " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public ZonesConfigException(String source, String problem, Throwable cause) {
        super("Invalid zones configuration " + source + ":\n  - " + problem, cause);
        this.problems = List.of(problem);
    }

    /** The individual problems, one sentence each. */
    public List<String> problems() {
        return problems;
    }
}
