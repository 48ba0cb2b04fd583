package io.zonecam.control.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** ZonecamConfig is every setting of the control plane under the {@code zonecam.} prefix, with its default. */
@ConfigMapping(prefix = "zonecam")
public interface ZonecamConfig {

    Tokens tokens();

    Secrets secrets();

    Allocation allocation();

    Fleet fleet();

    Playback playback();

    Mqtt mqtt();

    DevIssuer devIssuer();

    Claims claims();

    Db db();

    Pictures pictures();

    /** Where production secrets live (read at start by {@code SecretsManagerConfigSourceFactory}). */
    interface Db {
        /** Secrets Manager secret (JSON with {@code username}, {@code password}) of the database login. */
        Optional<String> secretArn();
    }

    /** Token signing and lifetimes. */
    interface Tokens {
        /** The {@code iss} of every token; nodes accept only this issuer. */
        @WithDefault("zonecam")
        String issuer();

        /**
         * The Ed25519 signing key, base64 PKCS#8. Required in production (from Secrets Manager); a development or
         * test server without one generates a throw-away key and says so in the log.
         */
        Optional<String> signingKey();

        /**
         * Secrets Manager secret holding the signing key as JSON ({@code privateKey}, {@code next}, {@code previous});
         * when set it provides {@code signing-key} and {@code previous-public-keys}.
         */
        Optional<String> signingKeySecretArn();

        /** Public keys of retired signing keys still published in the JWKS, as base64url raw Ed25519 keys. */
        Optional<List<String>> previousPublicKeys();

        /** Lifetime of device tokens; cameras renew them before they run out. */
        @WithDefault("PT1H")
        Duration deviceTtl();

        /** Lifetime of live (WHEP) tokens: only the WHEP POST needs it, so it is short. */
        @WithDefault("PT2M")
        Duration liveTtl();

        /** Lifetime of recorded-playback tokens: every playlist and segment request carries it. */
        @WithDefault("PT30M")
        Duration recordedTtl();
    }

    /** Hashing of stored secrets. */
    interface Secrets {
        /**
         * Server-side key of the HMAC that hashes API keys, device secrets, claim codes and node keys, so a copy
         * of the database alone cannot test guesses. Required in production; generated when absent elsewhere.
         */
        Optional<String> pepper();

        /** Secrets Manager secret whose string is the pepper (base64); when set it provides {@code pepper}. */
        Optional<String> pepperSecretArn();
    }

    /** Placement of cameras on zones and nodes. */
    interface Allocation {
        /** Load bound: no node gets more than (1 + epsilon) times the zone's mean. */
        @WithDefault("0.05")
        double epsilon();

        /**
         * How long an instance reuses its copy of zone and node loads when placing cameras; 0 reads the fleet on
         * every placement.
         */
        @WithDefault("PT1S")
        Duration snapshotTtl();
    }

    /** Stream node leases and liveness (see {@code fleet.LeaseJudge} and the module README). */
    interface Fleet {
        /**
         * A node unheard for this long, while the control plane was watching its zone, is suspected dead; nodes
         * heartbeat every 10 s.
         */
        @WithDefault("PT30S")
        Duration lease();

        /**
         * A zone's node calls arriving further apart than this mean the control plane was not receiving (paused,
         * database down, cut off): its watch of the zone restarts and every lease there gets a full lease of grace.
         * Above the nodes' heartbeat interval (10 s), at most the lease less that interval. Default: half the lease.
         */
        Optional<Duration> blindAfter();

        /**
         * A suspected node is declared dead by a sweep this long after the one that suspected it, in the same watch.
         * Default: a third of the lease.
         */
        Optional<Duration> confirm();

        /** At most this many cameras move onto a node that comes back after it was declared dead. */
        @WithDefault("2000")
        int rejoinMaxMoves();
    }

    /** Playback URL rules. */
    interface Playback {
        /** Longest recorded range one playback URL may cover. */
        @WithDefault("PT24H")
        Duration maxRange();

        /** Base URL of the web viewer, where share links point. */
        @WithDefault("http://localhost:8080/viewer")
        String viewerUrl();
    }

    /**
     * Throttling of refused claims ({@code camera.ClaimThrottle}): a token bucket per organization and one per client
     * address, in each instance's memory.
     */
    interface Claims {
        /** Refused claims an organization may make at once. */
        @WithDefault("20")
        int organizationBurst();

        /** Time for an organization's bucket to win back one refused claim (PT6S: 10 a minute). */
        @WithDefault("PT6S")
        Duration organizationRefill();

        /** Refused claims one client address may make at once. */
        @WithDefault("20")
        int addressBurst();

        /** Time for an address's bucket to win back one refused claim. */
        @WithDefault("PT6S")
        Duration addressRefill();
    }

    /** The device bus. */
    interface Mqtt {
        /** Topic root of per-camera topics: {@code <root>/<cameraId>/commands} and {@code .../state}. */
        @WithDefault("zonecam/v1/cameras")
        String topicRoot();
    }

    /** The development user-token issuer (never enabled in production). */
    interface DevIssuer {
        /** Serve {@code POST /v1/dev/tokens}. */
        @WithDefault("false")
        boolean enabled();

        /** ES256 private key (base64 PKCS#8) whose public key is {@code mp.jwt.verify.publickey}. */
        Optional<String> privateKey();
    }

    /** Still pictures (issue 13): snapshot and thumbnail URLs signed for a node's picture routes. */
    interface Pictures {
        /**
         * Lifetime of the token in a snapshot or grid-thumbnail URL: the client fetches the picture at once, and the
         * grid asks for fresh URLs every 10 s.
         */
        @WithDefault("PT60S")
        Duration urlTtl();
    }
}
