package io.zonecam.node.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.mqtt.session.ConstantReconnectDelayOptions;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import io.smallrye.reactive.messaging.mqtt.session.ReconnectDelayProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The device bus's reconnect delays: the configured interval first, growing to a bound, reset by a connection. */
class BusReconnectTest {

    @Test
    void shouldBackOffFromTheConfiguredIntervalToTheMaximumAndStartOverAfterAConnection() {
        MqttClientSessionOptions options = new MqttClientSessionOptions()
                .setReconnectDelay(new ConstantReconnectDelayOptions().setDelay(Duration.ofSeconds(2)));

        ReconnectDelayProvider delays = new BusReconnect()
                .customize("camera-states", null, options)
                .getReconnectDelay()
                .createProvider();

        assertThat(next(delays, 8)).containsExactly(2L, 4L, 6L, 10L, 18L, 30L, 30L, 30L);
        delays.reset();
        assertThat(next(delays, 2)).containsExactly(2L, 4L);
    }

    private static List<Long> next(ReconnectDelayProvider delays, int n) {
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seconds.add(delays.nextDelay().toSeconds());
        }
        return seconds;
    }
}
