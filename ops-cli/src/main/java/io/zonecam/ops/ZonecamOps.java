package io.zonecam.ops;

import io.zonecam.sdk.ApiClient;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ZonecamOps is the operator command line: {@code zonecam-ops drain|nodes|roll-zone}. */
@Command(
        name = "zonecam-ops",
        mixinStandardHelpOptions = true,
        version = "zonecam-ops 0.1",
        description = "Operate Zonecam zones: list nodes, drain a node, roll a zone node by node.",
        subcommands = {NodesCommand.class, DrainCommand.class, RollZoneCommand.class})
public final class ZonecamOps {

    @Option(
            names = "--control-plane",
            defaultValue = "${env:ZONECAM_CONTROL_PLANE_URL:-http://localhost:8080}",
            description = "Control plane base URL (env ZONECAM_CONTROL_PLANE_URL).")
    String controlPlane;

    @Option(
            names = "--token",
            defaultValue = "${env:ZONECAM_OPERATOR_TOKEN}",
            description = "Operator bearer token (env ZONECAM_OPERATOR_TOKEN).")
    String token;

    /** An SDK client for the control plane with the operator's token. */
    ApiClient client() {
        if (token == null || token.isBlank()) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "an operator token is needed: --token or ZONECAM_OPERATOR_TOKEN");
        }
        ApiClient client = new ApiClient();
        client.updateBaseUri(controlPlane.replaceAll("/+$", ""));
        client.setConnectTimeout(Duration.ofSeconds(5));
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + token));
        return client;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ZonecamOps()).execute(args));
    }
}
