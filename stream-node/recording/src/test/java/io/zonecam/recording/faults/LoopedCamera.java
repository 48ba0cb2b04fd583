package io.zonecam.recording.faults;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.recording.testing.TestClip;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * LoopedCamera turns a {@link TestClip} into an endless camera: the clip plays again and again with timestamps that
 * continue across loops, so the n-th video frame (decode order) carries the marker {@code n % clip.videoCount()}.
 * Not thread-safe: one camera, one thread.
 */
final class LoopedCamera {

    private final List<MediaFrame> loop;
    private final long videoTicks;
    private final long audioTicks;
    private final int perLoop;
    private int position;
    private long loops;
    private long video;

    LoopedCamera(TestClip clip) {
        this.videoTicks = clip.videoTicks();
        this.audioTicks = videoTicks * 48000 / 90000;
        this.perLoop = clip.videoCount();
        List<MediaFrame> frames = new ArrayList<>();
        for (MediaFrame f : clip.frames()) {
            // Audio that outlasts the video would overlap the next loop's first audio frames.
            if (f.trackId() == 1 || f.dts() <= audioTicks - 1024) {
                frames.add(f);
            }
        }
        this.loop = List.copyOf(frames);
    }

    /** The next frame, its timestamps shifted by the loops played before. */
    MediaFrame next() {
        MediaFrame f = loop.get(position);
        long shift = loops * (f.trackId() == 1 ? videoTicks : audioTicks);
        position++;
        if (position == loop.size()) {
            position = 0;
            loops++;
        }
        if (f.trackId() == 1) {
            video++;
        }
        return new MediaFrame(f.trackId(), f.dts() + shift, f.pts() + shift, f.keyframe(), f.data());
    }

    /** Media time of a frame of this camera in microseconds. */
    static long micros(MediaFrame f) {
        return f.dts() * 1_000_000L / (f.trackId() == 1 ? 90000 : 48000);
    }

    /** Video frames handed out so far. */
    long videoFrames() {
        return video;
    }

    /** The markers the first {@code frames} video frames carry, in decode order. */
    List<Long> expected(long frames) {
        return LongStream.range(0, frames).map(i -> i % perLoop).boxed().toList();
    }
}
