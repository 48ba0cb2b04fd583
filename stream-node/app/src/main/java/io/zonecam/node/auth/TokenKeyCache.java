package io.zonecam.node.auth;

import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.zonecam.contracts.token.KeySet;
import io.zonecam.contracts.token.TokenVerifier;
import io.zonecam.node.config.NodeConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * TokenKeyCache keeps the control plane's token verification keys on the node: the last good key set is cached on disk
 * and loaded at start, then refreshed in the background, so tokens verify while the control plane is down
 * (DESIGN.md, principle 1). An unknown key id triggers an early refresh (at most one per 10 s).
 */
@Startup
@ApplicationScoped
public class TokenKeyCache {

    private static final Logger LOG = Logger.getLogger(TokenKeyCache.class);
    private static final long EARLY_REFRESH_GAP_NANOS = Duration.ofSeconds(10).toNanos();

    private final AtomicReference<KeySet> keys = new AtomicReference<>();
    private final AtomicLong lastEarlyRefresh = new AtomicLong(System.nanoTime() - EARLY_REFRESH_GAP_NANOS);
    private final Optional<URI> jwksUrl;
    private final Path cache;
    private final TokenVerifier verifier;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "zonecam-jwks");
        t.setDaemon(true);
        return t;
    });

    public TokenKeyCache(NodeConfig config) {
        this.jwksUrl = config.tokens()
                .jwksUrl()
                .or(() -> config.controlPlane().url().map(u -> u.replaceAll("/+$", "") + "/.well-known/jwks.json"))
                .map(URI::create);
        this.cache = config.node().stateDir().resolve("jwks.json");
        this.verifier = new TokenVerifier(
                kid -> {
                    KeySet set = keys.get();
                    return set == null ? null : set.find(kid);
                },
                config.tokens().issuer(),
                Clock.systemUTC(),
                config.tokens().leeway());
        config.tokens().jwksFile().ifPresent(this::load);
        if (keys.get() == null && Files.exists(cache)) {
            load(cache);
        }
        if (jwksUrl.isPresent()) {
            background.execute(this::refresh);
        } else if (keys.get() == null) {
            LOG.warn("no key set: set zonecam.control-plane.url or zonecam.tokens.jwks-file; every token is refused");
        }
    }

    /** The verifier of device and playback tokens. */
    public TokenVerifier verifier() {
        return verifier;
    }

    /** Number of verification keys known now. */
    public int keyCount() {
        KeySet set = keys.get();
        return set == null ? 0 : set.keys().size();
    }

    /** Asks for an early refresh after a token named an unknown key (e.g. just after a rotation). */
    public void unknownKeySeen() {
        long now = System.nanoTime();
        long last = lastEarlyRefresh.get();
        if (jwksUrl.isPresent() && now - last > EARLY_REFRESH_GAP_NANOS && lastEarlyRefresh.compareAndSet(last, now)) {
            background.execute(this::refresh);
        }
    }

    @Scheduled(every = "${zonecam.tokens.refresh:PT5M}", delayed = "PT1M")
    void scheduledRefresh() {
        refresh();
    }

    /** Fetches the key set; on success uses it and caches it on disk; on failure keeps the current one. */
    void refresh() {
        if (jwksUrl.isEmpty()) {
            return;
        }
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(jwksUrl.get())
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                LOG.warnf(
                        "key set fetch from %s answered %d; keeping %d cached keys",
                        jwksUrl.get(), r.statusCode(), keyCount());
                return;
            }
            KeySet set = KeySet.fromJwks(r.body());
            keys.set(set);
            store(r.body());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf(
                    "key set fetch from %s failed (%s); keeping %d cached keys",
                    jwksUrl.get(), e.getMessage(), keyCount());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void load(Path file) {
        try {
            keys.set(KeySet.fromJwks(Files.readString(file, StandardCharsets.UTF_8)));
            LOG.infof("loaded %d token keys from %s", keyCount(), file);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("cannot use key set file %s: %s", file, e.getMessage());
        }
    }

    private void store(String jwks) {
        try {
            Files.createDirectories(cache.getParent());
            Path tmp = cache.resolveSibling("jwks.json.tmp");
            Files.writeString(tmp, jwks, StandardCharsets.UTF_8);
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("cannot cache the key set in %s: %s", cache, e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        background.shutdownNow();
    }
}
