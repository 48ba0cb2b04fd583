package io.zonecam.control.camera;

import io.zonecam.control.config.ZonecamConfig;
import io.zonecam.control.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * ClaimThrottle bounds how fast claim codes can be guessed: per organization and per client address, each a token
 * bucket of refused claims ({@code zonecam.claims.*}: a burst of 20, then one every 6 s, 10 a minute). While either
 * bucket is empty every claim from that organization or address is answered 429 with {@code Retry-After}.
 *
 * <p>Only refused claims (unknown serial or wrong code) take a token: a guess is always a refused claim, while a
 * partner claiming a fleet with the right codes is never slowed down.
 *
 * <p>The buckets live in this instance's memory. One local server or one Lambda instance enforces the rate exactly;
 * across Lambda instances each has its own buckets, so the rate an attacker gets is at most the configured rate
 * times the number of warm instances of the {@code registration} function (its reserved concurrency bounds it), and
 * a cold instance starts with full buckets. Even at 100 instances that is 1,000 guesses a minute against a
 * ≥ 50-bit claim code ({@code security.ClaimCodes}): no practical threat. A shared bucket in PostgreSQL would cost a
 * write on every refused claim inside a transaction that rolls back; not worth it at these odds.
 */
@Singleton
public class ClaimThrottle {

    private static final Logger LOG = Logger.getLogger(ClaimThrottle.class);
    /** Above this many buckets, full ones are dropped (they hold no state a new bucket would not). */
    private static final int MAX_BUCKETS = 50_000;

    private final Rate organizationRate;
    private final Rate addressRate;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    /** A bucket's size and the time one token takes to come back. */
    record Rate(int burst, Duration refill) {}

    /**
     * A bucket's content at a time, both in nanoseconds: one token is worth {@code refill} nanoseconds of credit, so
     * refilling is adding the time passed (exact integer arithmetic, no rounding of fractions of tokens).
     */
    private record Bucket(long credit, long at) {}

    @Inject
    public ClaimThrottle(ZonecamConfig config) {
        this(
                new Rate(config.claims().organizationBurst(), config.claims().organizationRefill()),
                new Rate(config.claims().addressBurst(), config.claims().addressRefill()),
                System::nanoTime);
    }

    ClaimThrottle(Rate organizationRate, Rate addressRate, LongSupplier nanos) {
        this.organizationRate = organizationRate;
        this.addressRate = addressRate;
        this.nanos = nanos;
    }

    /** Lets a claim attempt through, or answers 429 with Retry-After when a bucket of its caller is empty. */
    public void admit(UUID organizationId, String address) {
        long now = nanos.getAsLong();
        long wait = Math.max(
                waitNanos("org:" + organizationId, organizationRate, now),
                address == null ? 0 : waitNanos("ip:" + address, addressRate, now));
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            LOG.infof(
                    "claim by organization %s from %s throttled for %d s after too many refused claims",
                    organizationId, address, seconds);
            throw new ProblemException(
                    429,
                    "too-many-claims",
                    "Too Many Requests",
                    "Too many refused claims from this organization or address; retry in " + seconds + " s.",
                    List.of(),
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    /** Charges a refused claim to both buckets. */
    public void refused(UUID organizationId, String address) {
        long now = nanos.getAsLong();
        take("org:" + organizationId, organizationRate, now);
        if (address != null) {
            take("ip:" + address, addressRate, now);
        }
        if (buckets.size() > MAX_BUCKETS) {
            buckets.entrySet()
                    .removeIf(e -> level(e.getValue(), rateOf(e.getKey()), now) >= capacity(rateOf(e.getKey())));
        }
    }

    /** Forgets every bucket (tests). */
    void clear() {
        buckets.clear();
    }

    private Rate rateOf(String key) {
        return key.startsWith("org:") ? organizationRate : addressRate;
    }

    private static long capacity(Rate rate) {
        return rate.burst() * rate.refill().toNanos();
    }

    private static long level(Bucket b, Rate rate, long now) {
        return Math.min(capacity(rate), b.credit() + Math.max(0, now - b.at()));
    }

    private long waitNanos(String key, Rate rate, long now) {
        Bucket b = buckets.get(key);
        long token = rate.refill().toNanos();
        return b == null ? 0 : Math.max(0, token - level(b, rate, now));
    }

    private void take(String key, Rate rate, long now) {
        buckets.compute(key, (k, b) -> {
            long credit = b == null ? capacity(rate) : level(b, rate, now);
            return new Bucket(Math.max(0, credit - rate.refill().toNanos()), now);
        });
    }
}
