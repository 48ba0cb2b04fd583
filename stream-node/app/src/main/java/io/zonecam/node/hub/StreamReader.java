package io.zonecam.node.hub;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import java.util.List;

/**
 * StreamReader consumes the media of one publish session; the recorder is one reader, like any other. Calls come
 * on the session's I/O thread in order and must not block.
 */
public interface StreamReader {

    /** The session's complete track list, first at start and again whenever it changes. */
    void tracks(List<TrackInfo> tracks);

    /** One access unit. */
    void frame(MediaFrame frame);

    /** The session ended; no more calls follow. */
    void ended();
}
