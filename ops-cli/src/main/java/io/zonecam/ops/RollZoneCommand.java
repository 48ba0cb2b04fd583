package io.zonecam.ops;

import io.zonecam.sdk.api.NodesApi;
import io.zonecam.sdk.api.ZonesApi;
import io.zonecam.sdk.model.Node;
import io.zonecam.sdk.model.NodeState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * RollZoneCommand deploys a zone node by node (or in batches): drain → stop → start the new version → wait until it
 * rejoins active → next. It is the local counterpart of the CodeDeploy lifecycle hooks in iac/; the restart itself
 * is a command the operator gives (locally {@code scripts/node-ctl restart {name}}).
 */
@Command(name = "roll-zone", description = "Drain, restart and rejoin every node of a zone, batch by batch.")
final class RollZoneCommand extends OpsCommand {

    @Parameters(index = "0", description = "Zone id.")
    String zone;

    @Option(names = "--batch", defaultValue = "1", description = "Nodes drained and restarted together.")
    int batch;

    @Option(
            names = "--restart",
            required = true,
            description = "Command that restarts a node with the new version; {name} and {id} are replaced.")
    String restart;

    @Mixin
    DrainTimeout drain;

    @Option(
            names = "--no-rebalance",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Rebalance the zone at the end so restarted nodes take their share again (default: yes).")
    boolean rebalance;

    @Override
    public Integer call() throws Exception {
        NodesApi nodes = nodes();
        List<Node> all = new ArrayList<>(nodes.listNodes(zone).stream()
                .filter(n -> n.getState() == NodeState.ACTIVE)
                .toList());
        if (all.size() < 2) {
            System.err.println(
                    "zone " + zone + " has " + all.size() + " active node(s): a rolling deploy needs 2 or more");
            return 2;
        }
        Instant start = Instant.now();
        Drainer drainer = drainer(nodes);
        for (int i = 0; i < all.size(); i += batch) {
            List<Node> wave = all.subList(i, Math.min(all.size(), i + batch));
            for (Node n : wave) {
                drainer.drain(n.getId(), drain.timeout);
            }
            for (Node n : wave) {
                String cmd = restart.replace("{name}", n.getName())
                        .replace("{id}", n.getId().toString());
                System.out.println("restarting " + n.getName() + ": " + cmd);
                Process p = new ProcessBuilder("sh", "-c", cmd).inheritIO().start();
                if (p.waitFor() != 0) {
                    System.err.println("restart of " + n.getName() + " failed (exit " + p.exitValue() + "); stopping");
                    return 1;
                }
            }
            for (Node n : wave) {
                waitActive(nodes, n);
            }
        }
        System.out.printf(
                "zone %s rolled: %d nodes in %.1f s%n",
                zone, all.size(), Duration.between(start, Instant.now()).toMillis() / 1000.0);
        if (rebalance) {
            var r = new ZonesApi(ops.client()).rebalanceZone(zone);
            System.out.printf(
                    "rebalanced: %d of %d cameras reassigned; their nodes move them within a minute%n",
                    r.getMoved(), r.getCameras());
        }
        return 0;
    }

    private void waitActive(NodesApi nodes, Node before) throws Exception {
        Instant deadline = Instant.now().plus(drain.timeout);
        while (Instant.now().isBefore(deadline)) {
            Node now = nodes.getNode(before.getId());
            boolean rejoined = now.getState() == NodeState.ACTIVE
                    && now.getRegisteredAt() != null
                    && now.getRegisteredAt().isAfter(before.getRegisteredAt());
            if (rejoined) {
                System.out.println(before.getName() + " rejoined active");
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(before.getName() + " did not rejoin within " + drain.timeout);
    }
}
