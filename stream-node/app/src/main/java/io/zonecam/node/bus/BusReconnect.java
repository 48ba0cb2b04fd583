package io.zonecam.node.bus;

import io.smallrye.reactive.messaging.ClientCustomizer;
import io.smallrye.reactive.messaging.mqtt.session.ConstantReconnectDelayOptions;
import io.smallrye.reactive.messaging.mqtt.session.ExponentialBackoffDelayOptions;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import io.smallrye.reactive.messaging.mqtt.session.ReconnectDelayOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * BusReconnect makes the device-bus channels back off while the broker cannot be reached: the channel's
 * {@code reconnect-interval-seconds} (2 s) first, then 4, 6, 10, 18 and every {@link #MAXIMUM} after that, back to
 * the first after a connection. With the connector's constant interval a node without a bus (standalone, or before
 * its certificate) opened three TLS clients every 2 s for as long as it ran, a fixed cost of every node. A broker
 * that comes back, or a certificate that arrives, is used within {@link #MAXIMUM}; commands sent meanwhile wait in
 * the emitter's buffer, as they did.
 */
@ApplicationScoped
public class BusReconnect implements ClientCustomizer<MqttClientSessionOptions> {

    /** The longest wait between two attempts. */
    static final Duration MAXIMUM = Duration.ofSeconds(30);

    @Override
    public MqttClientSessionOptions customize(String channel, Config channelConfig, MqttClientSessionOptions options) {
        return options.setReconnectDelay(backoff(options.getReconnectDelay()));
    }

    /** Exponential backoff whose first wait and step are the configured constant interval. */
    static ReconnectDelayOptions backoff(ReconnectDelayOptions configured) {
        Duration first = configured instanceof ConstantReconnectDelayOptions c ? c.getDelay() : Duration.ofSeconds(2);
        return new ExponentialBackoffDelayOptions()
                .setMinimum(first)
                .setIncrement(first)
                .setMaximum(MAXIMUM);
    }
}
