package io.zonecam.ingest.testing;

import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.session.PublishGate;
import io.zonecam.ingest.session.RateLimitedLog;
import io.zonecam.ingest.session.Refusals;
import org.jboss.logging.Logger;

/**
 * TestGates builds the publish gate a session test runs behind, as the servers do: application {@code live},
 * {@link TestAuthorizer}'s tokens, refusals counted in the given counters.
 */
public final class TestGates {

    private static final Logger LOG = Logger.getLogger(TestGates.class);

    private TestGates() {}

    /** The gate of an RTSP session: the camera and token come from the URL. */
    public static PublishGate rtsp(IngestCounters counters) {
        return gate(IngestProtocol.RTSP, counters, "URL");
    }

    /** The gate of an RTMP session: the camera and token come from the stream name. */
    public static PublishGate rtmp(IngestCounters counters) {
        return gate(IngestProtocol.RTMP, counters, "stream name");
    }

    private static PublishGate gate(IngestProtocol protocol, IngestCounters counters, String source) {
        Refusals refusals = new Refusals(protocol, counters, new RateLimitedLog(LOG, 20, 10_000));
        return new PublishGate("live", new TestAuthorizer(), refusals, source);
    }
}
