package io.zonecam.node.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** NodeConfig is every setting of a stream node under the {@code zonecam.} prefix, with its default. */
@ConfigMapping(prefix = "zonecam")
public interface NodeConfig {

    Node node();

    ControlPlane controlPlane();

    Tokens tokens();

    Ingest ingest();

    Storage storage();

    Recording recording();

    Live live();

    Playback playback();

    Drain drain();

    Pictures pictures();

    Mqtt mqtt();

    /**
     * The device-bus client (both MQTT channels): mutual TLS with the node's certificate from the platform CA. The
     * channels in application.properties read host, port and tls from here.
     */
    interface Mqtt {
        /** The broker: Mosquitto locally, the IoT Core data (ATS) endpoint on AWS. */
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("8883")
        int port();

        /** TLS with the node's client certificate; only a test of the connector itself turns it off. */
        @WithDefault("true")
        boolean tls();

        /** Client ids begin with this and a dash; defaults to the certificate's CN, {@code node.<zone>}. */
        Optional<String> clientPrefix();

        /** The node's private key (PKCS#8 PEM, mode 0600), made by the node; it never leaves it. */
        @WithName("tls-key-file")
        @WithDefault("/var/lib/zonecam/identity/node-key.pem")
        Path keyFile();

        /** The node's certificate followed by the CA certificate (PEM), as the control plane issued it. */
        @WithName("tls-cert-file")
        @WithDefault("/var/lib/zonecam/identity/node-cert.pem")
        Path certFile();

        /** The CA the broker's certificate must chain to (PEM); empty uses the JVM trust store (IoT Core). */
        @WithName("tls-ca-file")
        Optional<Path> caFile();

        /** SNI and the name the broker's certificate must carry; defaults to the host (no SNI for an IP address). */
        @WithName("tls-server-name")
        Optional<String> serverName();
    }

    /** Snapshots and thumbnails (issue 13): decoded on a bounded worker pool, thumbnails packed per camera-hour. */
    interface Pictures {
        /** Time between two thumbnails of a camera (the first keyframe of each such cell of capture time). */
        @WithDefault("PT10S")
        Duration thumbnailInterval();

        /**
         * Local directory where the open thumbnail pack of each publish session grows until its hour ends; by
         * default {@code thumbs/} under the node's state directory.
         */
        @WithName("spool-dir")
        Optional<Path> spoolDir();

        /** Decoding threads; 0 means one per core. Decodes are CPU-bound, so more than the cores only queues. */
        @WithDefault("0")
        int workers();

        /** Picture jobs waiting for a worker at most; beyond, snapshots are refused with 503 (thumbnails skipped). */
        @WithDefault("64")
        int queue();

        /** Bytes of the newest group of pictures kept per publish session for live snapshots. */
        @WithDefault("8388608")
        long gopCacheBytes();

        /** JPEG/WebP quality of snapshots, 1..100. */
        @WithDefault("85")
        int quality();
    }

    /** Recorded playback: HLS playlists, object bytes and clips. */
    interface Playback {
        /**
         * Object and clip downloads one playback token may have open at once; more are answered 429. Six is what a
         * browser opens to one host.
         */
        @WithDefault("6")
        int maxStreamsPerToken();

        /** A download whose client takes nothing for this long is cut, freeing its place. */
        @WithDefault("PT60S")
        Duration stallTimeout();

        /**
         * The CloudFront domain of recorded playback ({@code ZONECAM_PLAYBACK_CDN_DOMAIN}, set by iac/). Playlists
         * whose URL the control plane signed for this domain point object URIs at it; unset, objects stay here.
         */
        Optional<String> cdnDomain();
    }

    /** Drains: cameras told to reconnect elsewhere in paced waves. */
    interface Drain {
        /** Cameras commanded per wave. */
        @WithDefault("50")
        int waveSize();

        /** Time between waves (also read by the wave scheduler). */
        @WithDefault("PT1S")
        Duration waveInterval();

        /** How long a commanded camera may keep publishing here before it is disconnected. */
        @WithDefault("PT30S")
        Duration commandTimeout();
    }

    /** Live view: the embedded WebRTC SFU. */
    interface Live {
        /** Address the single UDP media port binds to. */
        @WithDefault("0.0.0.0")
        String host();

        /** The one UDP port every viewer uses (ICE-lite, demultiplexed by ICE username and address). */
        @WithDefault("8443")
        int port();

        /** Port advertised in candidates when it differs from the bound one (NAT port mapping); 0 = same. */
        @WithDefault("0")
        int advertisedPort();

        @WithDefault("500")
        int maxViewersPerCamera();

        @WithDefault("5000")
        int maxViewers();

        /** A viewer that does not finish ICE and DTLS within this is dropped. */
        @WithDefault("PT10S")
        Duration connectTimeout();
    }

    /** Who this node is and where cameras and viewers reach it. */
    interface Node {
        /** The zone this node serves; tokens for other zones are refused. */
        @WithDefault("local")
        String zone();

        /** Stable node name in the zone (the EC2 instance id in production); defaults to the host name. */
        Optional<String> name();

        /** Address cameras publish to and viewers connect to (public IP or DNS name). */
        @WithDefault("127.0.0.1")
        String advertisedHost();

        /** Base URL of this node's WHEP and HLS endpoints; defaults to http://advertised-host:http-port. */
        Optional<String> httpUrl();

        /** Most cameras this node takes. */
        @WithDefault("500")
        int capacity();

        /** Local directory for the cached key set and other state that survives restarts. */
        @WithDefault("/var/lib/zonecam/state")
        Path stateDir();
    }

    /** The control plane this node registers with (optional: without it the node runs standalone). */
    interface ControlPlane {
        /** Base URL, e.g. https://api.zonecam.io; empty runs the node without fleet membership. */
        Optional<String> url();

        /** The zone's node enrollment key ({@code X-Node-Key}). */
        Optional<String> enrollmentKey();

        /** Secrets Manager secret holding the enrollment key (production). */
        Optional<String> enrollmentKeySecretArn();

        /** Interval of heartbeats; must be well under the control plane's lease (30 s). */
        @WithDefault("PT10S")
        Duration heartbeat();
    }

    /** Offline verification of device and playback tokens. */
    interface Tokens {
        /** The only accepted token issuer. */
        @WithDefault("zonecam")
        String issuer();

        /** Where to fetch the key set; defaults to the control plane's /.well-known/jwks.json. */
        Optional<String> jwksUrl();

        /** A key set file to use when no control plane is configured (standalone runs, tests). */
        Optional<Path> jwksFile();

        /** How often the key set is refreshed. */
        @WithDefault("PT5M")
        Duration refresh();

        /** Clock skew tolerated on token times. */
        @WithDefault("PT30S")
        Duration leeway();
    }

    /** Camera ingest servers. */
    interface Ingest {
        @WithDefault("0.0.0.0")
        String host();

        @WithDefault("8554")
        int rtspPort();

        @WithDefault("1935")
        int rtmpPort();

        /** UDP port range for RTSP/UDP media (pairs). */
        @WithDefault("20000")
        int rtspUdpMin();

        @WithDefault("20999")
        int rtspUdpMax();

        /** Most simultaneous TCP connections per protocol. */
        @WithDefault("4000")
        int maxConnections();

        /** Largest RTMP message (one video frame) accepted; a connection may buffer about twice this. */
        @WithDefault("4194304")
        int maxMessageBytes();

        /** A publisher silent for this long is disconnected. */
        @WithDefault("PT15S")
        Duration idleTimeout();
    }

    /** Object storage of recordings. */
    interface Storage {
        /** {@code filesystem} (local runs) or {@code s3}. */
        @WithDefault("filesystem")
        String type();

        /** Root directory of the filesystem store. */
        @WithDefault("/var/lib/zonecam/store")
        Path root();

        /** Key prefix of this zone's recordings, e.g. {@code zones/euw1-a/}; empty for none. */
        Optional<String> prefix();

        S3 s3();

        /** S3 settings. */
        interface S3 {
            Optional<String> bucket();

            /** Endpoint of an S3-compatible server; empty for AWS. */
            Optional<String> endpoint();

            @WithDefault("us-east-1")
            String region();

            /** Path-style addressing, which S3-compatible servers usually need. */
            @WithDefault("false")
            boolean pathStyle();

            /** Static credentials for S3-compatible servers; empty uses the AWS default chain (instance role). */
            Optional<String> accessKey();

            Optional<String> secretKey();
        }
    }

    /** Recording settings. */
    interface Recording {
        /** Local spool where fragments are fsynced before they count as recorded. */
        @WithName("spool-dir")
        @WithDefault("/var/lib/zonecam/spool")
        Path spoolDir();

        /** Duration of one stored object: 60 s gives 60 PUTs per camera-hour. */
        @WithDefault("PT60S")
        Duration objectDuration();

        /** Target fragment duration (cut at the next keyframe after it). */
        @WithDefault("PT2S")
        Duration fragmentDuration();

        /** Parallel uploads. */
        @WithDefault("4")
        int uploadWorkers();

        /** Retention days assumed for cameras whose assignment is not known yet. */
        @WithDefault("30")
        int defaultRetentionDays();
    }
}
