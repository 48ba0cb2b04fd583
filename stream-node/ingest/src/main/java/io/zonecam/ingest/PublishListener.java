package io.zonecam.ingest;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import java.util.List;

/**
 * PublishListener receives the media of one publish session, in order, on the session's Netty I/O thread.
 *
 * <p>Methods must not block; a slow consumer should hand frames to its own bounded queue. Exceptions thrown by a
 * listener are logged and counted, and end the session.
 */
public interface PublishListener {

    /**
     * One whole access unit: video as 4-byte length-prefixed NAL units, audio as one raw frame; dts/pts are unwrapped
     * 64-bit values in the track's timescale.
     */
    void frame(MediaFrame frame);

    /** The track list changed (new parameter sets, new size, a track appeared); the list is complete, by track id. */
    void tracksUpdated(List<TrackInfo> tracks);

    /** The session ended; no more calls follow. */
    void ended(EndReason reason, String detail);
}
