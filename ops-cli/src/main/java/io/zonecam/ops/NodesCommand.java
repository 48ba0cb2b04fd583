package io.zonecam.ops;

import io.zonecam.sdk.ApiException;
import io.zonecam.sdk.model.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** NodesCommand lists stream nodes with their state and load. */
@Command(name = "nodes", description = "List stream nodes (optionally of one zone).")
final class NodesCommand extends OpsCommand {

    @Option(names = "--zone", description = "Only this zone.")
    String zone;

    @Override
    public Integer call() throws ApiException {
        System.out.printf("%-36s  %-12s  %-12s  %-9s  %8s  %8s%n", "ID", "ZONE", "NAME", "STATE", "ASSIGNED", "ONLINE");
        for (Node n : nodes().listNodes(zone)) {
            System.out.printf(
                    "%-36s  %-12s  %-12s  %-9s  %8d  %8s%n",
                    n.getId(),
                    n.getZone(),
                    n.getName(),
                    n.getState().getValue(),
                    n.getAssignedCameras(),
                    n.getLoad() == null ? "-" : n.getLoad().getCameras());
        }
        return 0;
    }
}
