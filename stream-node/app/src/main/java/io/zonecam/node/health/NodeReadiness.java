package io.zonecam.node.health;

import io.zonecam.ingest.IngestServer;
import io.zonecam.node.auth.TokenKeyCache;
import io.zonecam.node.ingest.IngestServers;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** NodeReadiness says the node can take cameras: both ingest servers listen and token keys are known. */
@Readiness
@ApplicationScoped
public class NodeReadiness implements HealthCheck {

    private final IngestServers ingest;
    private final TokenKeyCache keys;

    public NodeReadiness(IngestServers ingest, TokenKeyCache keys) {
        this.ingest = ingest;
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("zonecam-node");
        boolean listening =
                ingest.servers().stream().map(IngestServer::localAddress).allMatch(a -> a != null);
        b.withData("ingestListening", listening).withData("tokenKeys", keys.keyCount());
        return b.status(listening && keys.keyCount() > 0).build();
    }
}
