package io.zonecam.node.bus;

import io.smallrye.reactive.messaging.ClientCustomizer;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import io.vertx.core.net.PemTrustOptions;
import io.zonecam.node.config.NodeConfig;
import io.zonecam.node.identity.NodeCertificates;
import io.zonecam.node.identity.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * BusTls sets up the device-bus channels ({@code camera-commands} out, {@code camera-states} and {@code camera-events}
 * in) for mutual TLS:
 * the client presents the node's certificate through {@link NodeIdentity#keyManager()} (read at each handshake, so
 * the certificate obtained after registration, and each renewal, is used by the next connection), verifies the
 * broker against {@code zonecam.mqtt.tls.ca-file} (or the JVM trust store, which holds Amazon Root CA 1 for IoT
 * Core) and its host name, sends SNI, and takes a client id beginning with the certificate's CN and a dash, as the
 * IoT node policy requires (contracts BusIdentity).
 *
 * <p>Why a customizer: SmallRye creates the channels and their MQTT sessions at start, before the node has
 * registered and so before it can have a certificate. The session reconnects every few seconds; until a certificate
 * is installed those attempts are refused by the broker (no client certificate), and the first one after it
 * connects. Nothing has to be rebuilt, and commands sent meanwhile wait in the emitter's buffer.
 */
@ApplicationScoped
public class BusTls implements ClientCustomizer<MqttClientSessionOptions> {

    private static final Logger LOG = Logger.getLogger(BusTls.class);

    private final NodeConfig.Mqtt config;
    private final NodeIdentity identity;
    private final String clientPrefix;
    /** One per process: the nodes of a zone share the CN, so client ids must differ after it. */
    private final String instance = UUID.randomUUID().toString();

    @Inject
    public BusTls(NodeConfig config, NodeIdentity identity) {
        this(config.mqtt(), config.node().zone(), identity);
    }

    public BusTls(NodeConfig.Mqtt config, String zone, NodeIdentity identity) {
        this.config = config;
        this.identity = identity;
        this.clientPrefix = config.clientPrefix().orElse(NodeCertificates.commonName(zone));
    }

    @Override
    public MqttClientSessionOptions customize(String channel, Config channelConfig, MqttClientSessionOptions options) {
        // Each channel is its own MQTT session, so each needs its own client id (the broker drops a duplicate).
        String suffix = channel.substring(channel.lastIndexOf('-') + 1);
        options.setClientId(clientId(suffix));
        if (!options.isSsl()) {
            LOG.warnf("device-bus channel %s connects without TLS nor a certificate", channel);
            return options;
        }
        options.setKeyCertOptions(new LiveKeyCertOptions(identity.keyManager()));
        config.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
        options.setHostnameVerificationAlgorithm("HTTPS");
        // SNI names a host; an IP address (a local broker) is verified against the certificate's IP SAN instead.
        options.setServerName(config.serverName()
                .or(() -> Optional.of(options.getHostname()).filter(h -> !h.matches("[0-9.]+|.*:.*"))));
        LOG.infof(
                "device-bus channel %s: mqtts://%s:%d as %s, broker verified against %s",
                channel,
                options.getHostname(),
                options.getPort(),
                options.getClientId(),
                config.caFile().map(Object::toString).orElse("the JVM trust store"));
        return options;
    }

    /** {@code <CN>-<process uuid>-<channel>}. */
    String clientId(String channel) {
        return clientPrefix + "-" + instance + "-" + channel;
    }
}
