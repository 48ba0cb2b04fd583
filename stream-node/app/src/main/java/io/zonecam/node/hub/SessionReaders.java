package io.zonecam.node.hub;

import io.zonecam.ingest.PublishSession;

/** SessionReaders opens a reader for every publish session the node accepts (the recorder is one). */
public interface SessionReaders {

    /** A reader for the session; it receives the session's tracks and frames until it ends. */
    StreamReader open(PublishSession session);
}
