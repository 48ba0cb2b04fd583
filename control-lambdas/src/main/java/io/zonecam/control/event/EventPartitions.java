package io.zonecam.control.event;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.store.EventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * EventPartitions keeps the events table's monthly partitions: this month's and {@code zonecam.events.partitions-ahead}
 * more exist, and months past {@code zonecam.events.retention} are dropped. It runs at start and every
 * {@code zonecam.events.maintenance-every} on a long-running server; on AWS the dispatcher's schedule runs it (README).
 * A month without its partition loses nothing: its events wait in the default partition until it is created.
 */
@ApplicationScoped
public class EventPartitions {

    private static final Logger LOG = Logger.getLogger(EventPartitions.class);

    @Inject
    EventRepository events;

    @Inject
    ZonecamConfig config;

    @Scheduled(
            identity = "event-partitions",
            every = "${zonecam.events.maintenance-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return maintain()
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf("event partition maintenance failed, retried next time: %s", e.toString());
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Creates the partitions ahead and drops the expired ones; returns how many were dropped. */
    public Uni<Integer> maintain() {
        return Panache.withTransaction(() -> events.maintainPartitions(
                        config.events().partitionsAhead(), config.events().retention()))
                .invoke(dropped -> {
                    if (dropped > 0) {
                        LOG.infof(
                                "dropped %d event partitions older than %s",
                                dropped, config.events().retention());
                    }
                });
    }
}
