package io.zonecam.sim.testing;

import io.zonecam.testing.Await;
import io.zonecam.testing.NettyLeakCheck;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * LeakCheck is the shared {@link NettyLeakCheck} (a leaked Netty buffer fails the test class) plus the simulator's
 * own rule: no simulator event-loop thread outlives the fleets of the test class.
 */
public final class LeakCheck extends NettyLeakCheck {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        super.afterAll(context);
        Await.until(
                "simulator threads to end",
                Duration.ofSeconds(5),
                () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("camera-sim-") && t.isAlive()));
    }
}
