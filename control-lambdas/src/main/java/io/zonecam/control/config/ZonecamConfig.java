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

    Ca ca();

    Events events();

    Webhooks webhooks();

    Pictures pictures();

    Audit audit();

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

        /** CloudFront in front of recorded objects; without a domain, nodes serve every byte. */
        Cdn cdn();

        /** Signed CloudFront URLs for recorded objects ({@code playback.cdn.CdnSigner}). */
        interface Cdn {
            /** The distribution's domain, e.g. {@code d111111abcdef8.cloudfront.net}. */
            Optional<String> domain();

            /** The CloudFront public key id of the key group that verifies the signatures. */
            Optional<String> keyPairId();

            /** The RSA private key, PEM PKCS#8 ({@code BEGIN PRIVATE KEY}); from Secrets Manager in production. */
            Optional<String> signingKey();

            /** Secrets Manager secret whose string is {@code signing-key}; when set it provides it. */
            Optional<String> signingKeySecretArn();
        }
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

    // --- Platform certificate authority (identity) ---

    /**
     * The platform certificate authority ({@code identity}): certificates of cameras and nodes for the device bus
     * (Mosquitto with client certificates locally, AWS IoT Core in production).
     */
    interface Ca {
        /**
         * The CA's private key, base64 PKCS#8 DER of an EC P-256 key; never logged, never stored in the database.
         * Required on Lambda (from Secrets Manager); a local or test server without one generates a throw-away CA and
         * says so in the log.
         */
        Optional<String> privateKey();

        /** The CA certificate belonging to {@code private-key}, base64 DER or PEM. */
        Optional<String> certificate();

        /** Secrets Manager secret (JSON with {@code privateKey}, {@code certificate}); when set it provides both. */
        Optional<String> secretArn();

        /** Lifetime of camera certificates; cameras renew with a fresh CSR before it runs out. */
        @WithDefault("P7D")
        Duration cameraTtl();

        /** Lifetime of node certificates. */
        @WithDefault("P7D")
        Duration nodeTtl();

        /** Validity of a CRL ({@code nextUpdate}); brokers fetch a new one before it runs out. */
        @WithDefault("P1D")
        Duration crlTtl();

        /** Revocation on AWS IoT Core. */
        AwsIot awsIot();

        /** Revoked certificates are set INACTIVE in AWS IoT Core ({@code UpdateCertificate}). */
        interface AwsIot {
            /** Call IoT Core on revocation (production on AWS only). */
            @WithDefault("false")
            boolean enabled();

            /** Endpoint override of the IoT control API (tests); default: the region's. */
            Optional<java.net.URI> endpoint();
        }
    }

    /** Camera events (README "Events"). */
    interface Events {
        /** Events are kept at least this long; whole months older are dropped with their partition. */
        @WithDefault("P400D")
        Duration retention();

        /** Monthly partitions are created this many months ahead of the current one. */
        @WithDefault("3")
        int partitionsAhead();

        /** How often partitions are created ahead and old ones dropped, on a long-running server. */
        @WithDefault("1h")
        String maintenanceEvery();

        /** Events a camera may report per minute (motion, sound, tamper); the rest are refused and counted. */
        @WithDefault("30")
        int reportsPerCameraPerMinute();
    }

    /** The audit log (README "Audit log"); its partitions are kept with the events' ({@link Events}). */
    interface Audit {
        /** Access records one node may report per minute; the rest are refused and counted. */
        @WithDefault("20000")
        int accessRecordsPerNodePerMinute();

        /** The longest range one export may cover. */
        @WithDefault("P31D")
        Duration exportMaxRange();

        /** The most entries one export answer carries (a Lambda answer is buffered whole, at most 6 MB); then a cursor. */
        @WithDefault("10000")
        int exportMaxEntries();
    }

    /** Webhook subscriptions and their delivery (README "Webhooks"). */
    interface Webhooks {
        /**
         * AES-256 key (base64, 32 bytes) that encrypts the webhooks' signing secrets at rest. Required in production;
         * a development or test server without one generates a throw-away key and says so in the log.
         */
        Optional<String> secretKey();

        /** Secrets Manager secret whose string is the secret key (base64); when set it provides {@code secret-key}. */
        Optional<String> secretKeySecretArn();

        /**
         * Accept webhook URLs on loopback addresses and plain http to them (local development and tests). Private,
         * link-local and other internal addresses are refused whatever this says.
         */
        @WithDefault("false")
        boolean allowLoopback();

        /** How often the dispatcher looks for due deliveries, on a long-running server. */
        @WithDefault("1s")
        String dispatchEvery();

        /** Deliveries one dispatcher pass starts at most. */
        @WithDefault("200")
        int batch();

        /** Deliveries of one organization in flight at once on an instance: a slow receiver holds only these. */
        @WithDefault("4")
        int perOrganization();

        /** Longest time one attempt may take, connection included. */
        @WithDefault("PT10S")
        Duration attemptTimeout();

        /** Wait before the first retry; each retry waits twice the previous one (with full jitter). */
        @WithDefault("PT10S")
        Duration backoffBase();

        /** Longest wait between two attempts. */
        @WithDefault("PT1H")
        Duration backoffMax();

        /** Attempts of one delivery before it is given up as failed. */
        @WithDefault("20")
        int maxAttempts();

        /** A webhook whose every attempt failed for this long is disabled. */
        @WithDefault("PT24H")
        Duration disableAfter();

        /** A webhook is also disabled after this many failed attempts in a row. */
        @WithDefault("200")
        int disableAfterFailures();
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
