package io.zonecam.ops;

import io.zonecam.sdk.api.NodesApi;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** DrainCommand drains one node, showing cameras moved as a progress bar, or cancels a drain. */
@Command(name = "drain", description = "Drain a node: its cameras move to other nodes, make-before-break.")
final class DrainCommand implements Callable<Integer> {

    @ParentCommand
    ZonecamOps ops;

    @Parameters(index = "0", description = "Node id.")
    UUID nodeId;

    @Option(names = "--timeout", defaultValue = "PT10M", description = "Give up after this long (ISO-8601).")
    Duration timeout;

    @Option(names = "--cancel", description = "Cancel the node's drain instead.")
    boolean cancel;

    @Override
    public Integer call() throws Exception {
        NodesApi nodes = new NodesApi(ops.client());
        if (cancel) {
            System.out.println("node " + nodeId + " is "
                    + nodes.cancelNodeDrain(nodeId).getState().getValue());
            return 0;
        }
        Duration took = new Drainer(nodes, new ProgressBar(System.out), Duration.ofMillis(500)).drain(nodeId, timeout);
        System.out.printf("node %s drained in %.1f s%n", nodeId, took.toMillis() / 1000.0);
        return 0;
    }
}
