package io.zonecam.ops;

import io.zonecam.sdk.api.NodesApi;
import java.time.Duration;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** DrainCommand drains one node, showing cameras moved as a progress bar, or cancels a drain. */
@Command(name = "drain", description = "Drain a node: its cameras move to other nodes, make-before-break.")
final class DrainCommand extends OpsCommand {

    @Parameters(index = "0", description = "Node id.")
    UUID nodeId;

    @Mixin
    DrainTimeout drain;

    @Option(names = "--cancel", description = "Cancel the node's drain instead.")
    boolean cancel;

    @Override
    public Integer call() throws Exception {
        NodesApi nodes = nodes();
        if (cancel) {
            System.out.println("node " + nodeId + " is "
                    + nodes.cancelNodeDrain(nodeId).getState().getValue());
            return 0;
        }
        Duration took = drainer(nodes).drain(nodeId, drain.timeout);
        System.out.printf("node %s drained in %.1f s%n", nodeId, took.toMillis() / 1000.0);
        return 0;
    }
}
