package io.zonecam.node.hub;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import java.util.List;

/**
 * LiveSink receives one continuous live stream per camera (the live fan-out), however many publish sessions overlap
 * while a camera moves or reconnects. Calls for one camera are never concurrent.
 */
public interface LiveSink {

    /** The camera's live tracks (again after a switch to another session). */
    void tracks(String cameraId, List<TrackInfo> tracks);

    /** One access unit of the camera's live session; after a switch the first video frame is a keyframe. */
    void frame(String cameraId, MediaFrame frame);

    /** The camera has no publishing session anymore. */
    void ended(String cameraId);
}
