package io.zonecam.control.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.control.support.ApiTest;
import io.zonecam.control.support.Fixtures;
import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.TestEnvironment;
import io.zonecam.control.support.WebhookReceiver;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Measures webhook delivery: 4 organizations with 250 queued deliveries each (outbox rows written at once, as a burst
 * of events would), delivered to real local receivers that verify every signature. Logs deliveries per second and the
 * p50/p99 delay from the outbox row's creation to the receiver's arrival (same machine, same clock).
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class WebhookThroughputTest extends ApiTest {

    private static final Logger LOG = Logger.getLogger(WebhookThroughputTest.class);
    static final int ORGANIZATIONS = 4;
    static final int PER_ORGANIZATION = 250;

    private static long distinct(WebhookReceiver r) {
        return r.received().stream()
                .map(WebhookReceiver.Received::eventId)
                .distinct()
                .count();
    }

    @Test
    void shouldDeliverABurstAndReportThroughputAndDelay() throws Exception {
        List<WebhookReceiver> receivers = new ArrayList<>();
        try {
            StringBuilder inserts = new StringBuilder();
            for (int i = 0; i < ORGANIZATIONS; i++) {
                Org org = Fixtures.organization();
                WebhookReceiver r = WebhookReceiver.start();
                receivers.add(r);
                var hook = Webhooks.create(org, r.url(), "camera.reported");
                r.secret(hook.getString("secret"));
                inserts.append(
                                "insert into webhook_deliveries (id, webhook_id, organization_id, event_type, ping_body, "
                                        + "state, attempts, next_attempt_at, created_at) select gen_random_uuid(), '")
                        .append(hook.getString("id"))
                        .append("', '")
                        .append(org.id())
                        .append("', 'webhook.ping', '{\"n\":' || g || '}', 'pending', 0, now(), now() "
                                + "from generate_series(1, " + PER_ORGANIZATION + ") g;");
            }
            long start = System.currentTimeMillis();
            TestEnvironment.sql(inserts.toString());
            int total = ORGANIZATIONS * PER_ORGANIZATION;
            Await.until(
                    "all deliveries received",
                    Duration.ofSeconds(120),
                    () -> receivers.stream()
                                    .mapToLong(WebhookThroughputTest::distinct)
                                    .sum()
                            >= total);
            List<Long> delays = new ArrayList<>();
            long last = 0;
            int repeats = 0;
            for (WebhookReceiver r : receivers) {
                assertThat(r.received()).allMatch(WebhookReceiver.Received::signatureValid);
                Map<String, List<WebhookReceiver.Received>> byId =
                        r.received().stream().collect(Collectors.groupingBy(WebhookReceiver.Received::eventId));
                assertThat(byId).hasSize(PER_ORGANIZATION);
                assertThat(byId.values().stream().map(l -> l.get(0).body()).distinct())
                        .hasSize(PER_ORGANIZATION);
                for (var e : byId.entrySet()) {
                    // Delivery is at least once: a repeat is allowed only after an attempt the outbox recorded as
                    // failed (e.g. an answer later than the attempt timeout on a busy machine), never silently.
                    if (e.getValue().size() > 1) {
                        repeats += e.getValue().size() - 1;
                        int times = e.getValue().size();
                        String attempts = "select attempts from webhook_deliveries where id = '" + e.getKey() + "'";
                        Await.until(
                                "delivery " + e.getKey() + ", received " + times + " times, recorded as many attempts",
                                Duration.ofSeconds(15),
                                () -> TestEnvironment.number(attempts) >= times);
                    }
                    var first = e.getValue().get(0);
                    delays.add(first.arrivedMillis() - start);
                    last = Math.max(last, first.arrivedMillis());
                }
            }
            delays.sort(null);
            double seconds = (last - start) / 1000.0;
            LOG.warnf(
                    "webhook throughput: %d deliveries to %d organizations in %.2f s = %.0f/s; delay p50 %d ms, "
                            + "p99 %d ms, max %d ms; %d repeated after a failed attempt",
                    total,
                    ORGANIZATIONS,
                    seconds,
                    total / seconds,
                    delays.get(total / 2),
                    delays.get(total * 99 / 100),
                    delays.get(total - 1),
                    repeats);
        } finally {
            receivers.forEach(WebhookReceiver::close);
        }
    }
}
