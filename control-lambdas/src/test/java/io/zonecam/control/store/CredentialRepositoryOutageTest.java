package io.zonecam.control.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With PostgreSQL unreachable, credential lookups fail cleanly and leave nothing behind. A query run straight on
 * the pool ({@code Pool#preparedQuery}) starts a connection-timeout timer that a failed connect does not cancel;
 * when it fires it fails the already failed result again, and Vert.x reports "Result is already complete" for
 * every such query (eclipse-vertx/vertx-sql-client#1706, in 4.5.x). Lookups therefore take a connection first.
 */
class CredentialRepositoryOutageTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(300);

    private Vertx vertx;
    private Pool pool;
    private final List<Throwable> unhandled = new CopyOnWriteArrayList<>();

    @BeforeEach
    void unreachableDatabase() {
        vertx = Vertx.vertx();
        vertx.exceptionHandler(unhandled::add);
        pool = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions()
                        .setMaxSize(2)
                        .setConnectionTimeout((int) CONNECTION_TIMEOUT.toMillis())
                        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
                .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(1))
                .using(vertx.getDelegate())
                .build());
    }

    @AfterEach
    void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void shouldFailLookupsWithoutLeavingTimersThatFailTwice() {
        CredentialRepository credentials = new CredentialRepository(pool);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> credentials.nodeKeyHash("zone-a").await().atMost(Duration.ofSeconds(5)))
                    .hasMessageContaining("Connection refused");
            assertThatThrownBy(
                            () -> credentials.device(UUID.randomUUID()).await().atMost(Duration.ofSeconds(5)))
                    .hasMessageContaining("Connection refused");
            assertThatThrownBy(() -> credentials.apiKey("abcdefghijkm").await().atMost(Duration.ofSeconds(5)))
                    .hasMessageContaining("Connection refused");
        }
        // The control: one query straight on the pool, issued after the lookups with the same timeout. Once its
        // timer has fired, any timer the lookups left behind has fired too.
        assertThatThrownBy(() -> pool.preparedQuery("select 1 where $1")
                        .execute(Tuple.of(true))
                        .await()
                        .atMost(Duration.ofSeconds(5)))
                .hasMessageContaining("Connection refused");
        await().atMost(Duration.ofSeconds(10)).until(() -> !unhandled.isEmpty());

        assertThat(unhandled)
                .as("only the control query's timer fails a completed result")
                .hasSize(1)
                .allSatisfy(t -> assertThat(t).hasMessageContaining("Result is already complete"));
    }
}
