package io.zonecam.node.recording;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.recording.Recorder;
import java.util.List;

/**
 * FrameRecorder is what a {@link SessionRecorder} feeds: the recording module's {@link Recorder} in production, a
 * recorder that fails on purpose in tests.
 */
interface FrameRecorder extends AutoCloseable {

    /** Records one frame. */
    void push(MediaFrame frame);

    /** Flushes and finalizes what was recorded. */
    @Override
    void close();

    /** Opener starts a recorder of a session's tracks, anchored at a capture wall clock (µs since the epoch). */
    @FunctionalInterface
    interface Opener {
        FrameRecorder open(List<TrackInfo> tracks, long anchorMicros);
    }

    /** The recording module's recorder as a FrameRecorder. */
    static FrameRecorder of(Recorder recorder) {
        return new FrameRecorder() {
            @Override
            public void push(MediaFrame frame) {
                recorder.push(frame);
            }

            @Override
            public void close() {
                recorder.close();
            }
        };
    }
}
