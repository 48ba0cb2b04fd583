package io.zonecam.ops;

import java.time.Duration;
import picocli.CommandLine.Option;

/** DrainTimeout is the {@code --timeout} option of the commands that drain nodes, mixed into each of them. */
final class DrainTimeout {

    @Option(
            names = "--timeout",
            defaultValue = "PT10M",
            description =
                    "Longest wait for a node to drain (roll-zone: also to rejoin); ISO-8601, default ${DEFAULT-VALUE}.")
    Duration timeout;
}
