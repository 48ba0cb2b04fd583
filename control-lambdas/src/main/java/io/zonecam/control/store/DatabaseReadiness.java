package io.zonecam.control.store;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DatabaseReadiness reports the control plane ready while PostgreSQL answers through the pool. It replaces the
 * datasource's built-in check, which queries straight on the pool and so, while the database is down, leaves one
 * "Result is already complete" error per probe (see {@link CredentialRepository}).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final String NAME = "PostgreSQL (reactive pool)";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;

    public DatabaseReadiness(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.withConnection(conn -> conn.query("select 1").execute())
                .ifNoItem()
                .after(TIMEOUT)
                .fail()
                .map(rows -> HealthCheckResponse.up(NAME))
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named(NAME)
                        .down()
                        .withData("error", String.valueOf(e.getMessage()))
                        .build());
    }
}
