package io.zonecam.node.hub;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** HubProducer builds the node's {@link CameraHub} from every {@link SessionReaders} and the {@link LiveSink}. */
@ApplicationScoped
public class HubProducer {

    @Produces
    @ApplicationScoped
    CameraHub hub(Instance<SessionReaders> readers, Instance<LiveSink> live, MeterRegistry registry) {
        CameraHub hub = new CameraHub(
                readers.stream()
                        .<java.util.function.Function<io.zonecam.ingest.PublishSession, StreamReader>>map(r -> r::open)
                        .toList(),
                live.isResolvable() ? live.get() : NO_LIVE);
        Gauge.builder("zonecam.cameras.connected", hub, CameraHub::camerasConnected)
                .description("Cameras with at least one publish session")
                .register(registry);
        return hub;
    }

    /** Used only when the node is built without a live fan-out. */
    private static final LiveSink NO_LIVE = new LiveSink() {
        @Override
        public void tracks(String cameraId, List<TrackInfo> tracks) {}

        @Override
        public void frame(String cameraId, MediaFrame frame) {}

        @Override
        public void ended(String cameraId) {}
    };
}
