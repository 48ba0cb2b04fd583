package io.zonecam.ingest.session;

import io.zonecam.ingest.PublishSession;
import java.util.function.Consumer;

/** Publisher opens an authorised publish at the sink and registers it with its server (sessions list, drain). */
@FunctionalInterface
public interface Publisher {

    /**
     * Starts the publish; returns null when the sink refused it.
     *
     * @param disconnect ends the session from the server (drain, stop) with the given detail; the server runs it on
     *                   the session's own thread
     */
    ActivePublish start(PublishSession session, Consumer<String> disconnect);
}
