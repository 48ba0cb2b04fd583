package io.zonecam.iac.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NodeBootstrap writes the user data that prepares a stream-node instance (Amazon Linux 2023): Corretto 21, the
 * encrypted spool volume, the {@code zonecam-node} systemd unit and its environment, the CloudWatch agent that
 * turns the node's Prometheus metrics into CloudWatch metrics (EMF), and the CodeDeploy agent.
 *
 * <p>The application itself arrives later through CodeDeploy (appspec and hook scripts in
 * {@code src/main/resources/codedeploy/}); the unit does not start until a revision has installed it.
 */
public final class NodeBootstrap {
    public static final String APP_DIR = "/opt/zonecam/node";
    public static final String SPOOL_DIR = "/var/lib/zonecam/spool";
    public static final String SPOOL_DEVICE = "/dev/xvdb";
    /** The node's device-bus identity: its key and the certificate the control plane's CA issued for it. */
    public static final String IDENTITY_DIR = "/var/lib/zonecam/identity";
    /** MQTT over TLS with client certificates, the IoT Core data endpoint's port. */
    public static final int MQTT_TLS_PORT = 8883;

    public static final String ENV_FILE = "/etc/zonecam/node.env";
    public static final String SERVICE = "zonecam-node";
    public static final int MANAGEMENT_PORT = 9000;
    /** CloudWatch namespace of the node metrics the agent scrapes from {@code /q/metrics}. */
    public static final String METRICS_NAMESPACE = "Zonecam/StreamNode";

    /** Most cameras a node takes (the node's {@code zonecam.node.capacity}); its heap is sized from it. */
    public static final int NODE_CAPACITY = 500;

    public static final List<String> SCRAPED_METRICS =
            List.of("zonecam_upload_lag_seconds", "zonecam_spool_bytes", "zonecam_frames_lost_total");

    /** Settings are everything zone-specific the script needs; values may be CloudFormation tokens. */
    public record Settings(
            String zone,
            String region,
            String controlPlaneUrl,
            String enrollmentKeySecretArn,
            String recordingsBucket,
            String recordingsPrefix,
            String mqttHost,
            String tokenIssuer,
            String metricsLogGroup,
            String playbackCdnDomain) {}

    private NodeBootstrap() {}

    /** The node's environment file: the contract between the infrastructure and the stream node. */
    public static Map<String, String> environment(Settings s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "prod");
        env.put("AWS_REGION", s.region());
        env.put("ZONECAM_NODE_ZONE", s.zone());
        env.put("ZONECAM_NODE_CAPACITY", String.valueOf(NODE_CAPACITY));
        env.put("ZONECAM_CONTROL_PLANE_URL", s.controlPlaneUrl());
        env.put("ZONECAM_CONTROL_PLANE_ENROLLMENT_KEY_SECRET_ARN", s.enrollmentKeySecretArn());
        env.put("ZONECAM_TOKENS_ISSUER", s.tokenIssuer());
        env.put("ZONECAM_STORAGE_TYPE", "s3");
        env.put("ZONECAM_STORAGE_S3_BUCKET", s.recordingsBucket());
        env.put("ZONECAM_STORAGE_S3_REGION", s.region());
        env.put("ZONECAM_STORAGE_PREFIX", s.recordingsPrefix());
        // The IoT Core data (ATS) endpoint with mutual TLS; the server certificate chains to Amazon Root CA 1, which
        // the JVM's default trust store holds. The key and certificate files are the node's to write (see README).
        env.put("ZONECAM_MQTT_HOST", s.mqttHost());
        env.put("ZONECAM_MQTT_PORT", String.valueOf(MQTT_TLS_PORT));
        env.put("ZONECAM_MQTT_TLS", "true");
        env.put("ZONECAM_MQTT_TLS_KEY_FILE", IDENTITY_DIR + "/node-key.pem");
        env.put("ZONECAM_MQTT_TLS_CERT_FILE", IDENTITY_DIR + "/node-cert.pem");
        env.put("ZONECAM_RECORDING_SPOOL_DIR", SPOOL_DIR);
        // Playlists point object URIs at this CloudFront domain when the control plane's URL carries its signature.
        env.put("ZONECAM_PLAYBACK_CDN_DOMAIN", s.playbackCdnDomain());
        return env;
    }

    /**
     * The node's heap for a capacity: 128 MiB plus 1.75 MiB per camera (1,003 MiB at 500). Sized from the whole-node
     * benchmark (bench/README.md): the live heap after a full GC was 21 MiB with one camera and up to 152 MiB with
     * 150 recording cameras, and 150 cameras recorded without a lost frame in 384 MiB; this leaves about twice the
     * live heap of a full node. A heap that is a share of the instance's memory instead grew with the instance, not
     * the cameras (5.6 GiB on 8 GiB at 70 %), and so did the RSS.
     */
    public static int heapMiB(int capacity) {
        return 128 + capacity * 7 / 4;
    }

    /** The user-data commands, in order. */
    public static List<String> commands(Settings s) {
        List<String> c = new ArrayList<>();
        c.add("set -euo pipefail");
        c.add("dnf install -y java-21-amazon-corretto-headless amazon-cloudwatch-agent ruby wget xfsprogs");
        c.add("TOKEN=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token "
                + "-H 'X-aws-ec2-metadata-token-ttl-seconds: 300')");
        c.add("INSTANCE_ID=$(curl -fsS -H \"X-aws-ec2-metadata-token: $TOKEN\" "
                + "http://169.254.169.254/latest/meta-data/instance-id)");

        // The spool: data counts as recorded once fsynced here, so it lives on its own encrypted volume.
        c.add("for i in $(seq 1 60); do [ -e " + SPOOL_DEVICE + " ] && break; sleep 2; done");
        c.add("blkid " + SPOOL_DEVICE + " >/dev/null 2>&1 || mkfs.xfs -L zonecam-spool " + SPOOL_DEVICE);
        c.add("mkdir -p " + SPOOL_DIR);
        c.add("grep -q zonecam-spool /etc/fstab || echo 'LABEL=zonecam-spool " + SPOOL_DIR
                + " xfs defaults,noatime,nofail 0 2' >> /etc/fstab");
        c.add("mount -a");
        c.add(
                "id zonecam >/dev/null 2>&1 || useradd --system --home-dir /var/lib/zonecam --shell /sbin/nologin zonecam");
        c.add("mkdir -p " + IDENTITY_DIR);
        c.add("chown -R zonecam:zonecam /var/lib/zonecam");
        c.add("chmod 700 " + IDENTITY_DIR);
        c.add("mkdir -p /etc/zonecam " + APP_DIR + " /usr/local/libexec");

        c.add("cat > " + ENV_FILE + " <<'ENV'");
        environment(s).forEach((k, v) -> c.add(k + "=" + v));
        c.add("ENV");

        // The public address is only known on the instance: read it from IMDS at every start.
        c.add("cat > /usr/local/libexec/zonecam-advertised-host <<'SH'");
        c.add("#!/bin/bash");
        c.add("set -euo pipefail");
        c.add(
                "t=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')");
        c.add(
                "ip=$(curl -fsS -H \"X-aws-ec2-metadata-token: $t\" http://169.254.169.254/latest/meta-data/public-ipv4)");
        c.add("mkdir -p /run/zonecam");
        c.add("echo \"ZONECAM_NODE_ADVERTISED_HOST=$ip\" > /run/zonecam/advertised.env");
        c.add("SH");
        c.add("chmod 755 /usr/local/libexec/zonecam-advertised-host");

        c.add("cat > /etc/systemd/system/" + SERVICE + ".service <<'UNIT'");
        c.add("[Unit]");
        c.add("Description=Zonecam stream node");
        c.add("After=network-online.target");
        c.add("Wants=network-online.target");
        c.add("RequiresMountsFor=" + SPOOL_DIR);
        c.add("ConditionPathExists=" + APP_DIR + "/quarkus-run.jar");
        c.add("[Service]");
        c.add("User=zonecam");
        c.add("EnvironmentFile=" + ENV_FILE);
        c.add("ExecStartPre=+/usr/local/libexec/zonecam-advertised-host");
        c.add("EnvironmentFile=-/run/zonecam/advertised.env");
        c.add("ExecStart=/usr/bin/java -Xmx" + heapMiB(NODE_CAPACITY) + "m -XX:+ExitOnOutOfMemoryError -jar " + APP_DIR
                + "/quarkus-run.jar");
        c.add("Restart=on-failure");
        c.add("RestartSec=2");
        c.add("TimeoutStopSec=60");
        c.add("LimitNOFILE=1048576");
        c.add("[Install]");
        c.add("WantedBy=multi-user.target");
        c.add("UNIT");
        c.add("systemctl daemon-reload");
        c.add("systemctl enable " + SERVICE);

        // CloudWatch agent: scrape Prometheus /q/metrics and publish the alarm metrics as EMF (no SDK in the app).
        String etc = "/opt/aws/amazon-cloudwatch-agent/etc";
        c.add("cat > " + etc + "/zonecam-prometheus.yaml <<PROM");
        c.add("global:");
        c.add("  scrape_interval: 15s");
        c.add("  scrape_timeout: 10s");
        c.add("scrape_configs:");
        c.add("  - job_name: zonecam-node");
        c.add("    metrics_path: /q/metrics");
        c.add("    static_configs:");
        c.add("      - targets: ['127.0.0.1:" + MANAGEMENT_PORT + "']");
        c.add("        labels:");
        c.add("          Zone: " + s.zone());
        c.add("          InstanceId: ${INSTANCE_ID}");
        c.add("PROM");
        c.add("cat > " + etc + "/zonecam-agent.json <<'AGENT'");
        c.add(agentConfig(s, etc + "/zonecam-prometheus.yaml"));
        c.add("AGENT");
        c.add("/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:"
                + etc + "/zonecam-agent.json");

        // CodeDeploy agent from AWS's public per-region bucket (no IAM needed to read it).
        c.add("cd /tmp && wget -q https://aws-codedeploy-" + s.region() + ".s3." + s.region()
                + ".amazonaws.com/latest/install && chmod +x ./install && ./install auto && rm -f ./install");
        c.add("systemctl enable --now codedeploy-agent");
        return c;
    }

    private static String agentConfig(Settings s, String promConfig) {
        StringBuilder selectors = new StringBuilder();
        for (String m : SCRAPED_METRICS) {
            selectors
                    .append(selectors.isEmpty() ? "" : ", ")
                    .append("\"^")
                    .append(m)
                    .append("$\"");
        }
        return "{\"logs\": {\"metrics_collected\": {\"prometheus\": {"
                + "\"log_group_name\": \"" + s.metricsLogGroup() + "\", "
                + "\"prometheus_config_path\": \"" + promConfig + "\", "
                + "\"emf_processor\": {\"metric_namespace\": \"" + METRICS_NAMESPACE + "\", "
                + "\"metric_declaration_dedup\": true, "
                + "\"metric_declaration\": [{\"source_labels\": [\"job\"], \"label_matcher\": \"^zonecam-node$\", "
                + "\"dimensions\": [[\"Zone\"], [\"Zone\", \"InstanceId\"]], "
                + "\"metric_selectors\": [" + selectors + "]}]}}}}}";
    }
}
