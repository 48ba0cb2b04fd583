package io.zonecam.node.support;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * CameraBusTest is the base of node tests that publish on the device bus as cameras do: a fresh
 * {@link CameraBusClient} on {@link NodeTestEnvironment}'s TLS broker for each test, and the node's meter registry
 * to read what the listeners counted. Subclasses are {@code @QuarkusTest}s using {@code NodeTestEnvironment}.
 */
public abstract class CameraBusTest {

    @Inject
    protected MeterRegistry registry;

    /** Publishes as any camera, each with its own certificate. */
    protected CameraBusClient cameras;

    @BeforeEach
    void connectCameras() {
        cameras = new CameraBusClient(NodeTestEnvironment.ca(), NodeTestEnvironment.broker());
    }

    @AfterEach
    void disconnectCameras() throws Exception {
        cameras.close();
    }

    /** The count of counter {@code meter} with tag {@code outcome}, or 0 before the first. */
    protected double counted(String meter, String outcome) {
        var c = registry.find(meter).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
