package io.zonecam.ingest;

/**
 * PublishSink is where ingest servers hand authorised publish sessions (the recorder and the live fan-out).
 *
 * <p>{@link #sessionStarted} is called once the publisher is authorised and its tracks are known (RTSP: at RECORD;
 * RTMP: once the announced codec configurations arrived, or at the first media frame). Exactly one
 * {@link PublishListener#ended} call follows every successful {@code sessionStarted}.
 */
@FunctionalInterface
public interface PublishSink {

    /**
     * Opens a session and returns the listener for its media. Throwing refuses the session (the publisher is
     * disconnected; the message is logged).
     */
    PublishListener sessionStarted(PublishSession session);
}
