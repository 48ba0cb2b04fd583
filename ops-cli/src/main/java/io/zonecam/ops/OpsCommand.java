package io.zonecam.ops;

import io.zonecam.sdk.api.NodesApi;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * OpsCommand is a subcommand of {@link ZonecamOps}: it reaches the control plane through its parent's client (picocli
 * injects {@code ops} into each subclass, as annotated fields are inherited).
 */
abstract class OpsCommand implements Callable<Integer> {

    @ParentCommand
    ZonecamOps ops;

    /** The node API of the control plane, called as the operator. */
    NodesApi nodes() {
        return new NodesApi(ops.client());
    }

    /** A drainer of this command's nodes that shows the cameras moved as a progress bar, polling twice a second. */
    static Drainer drainer(NodesApi nodes) {
        return new Drainer(nodes, new ProgressBar(System.out), Duration.ofMillis(500));
    }
}
