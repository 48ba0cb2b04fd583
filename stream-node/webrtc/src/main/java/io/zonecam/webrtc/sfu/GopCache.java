package io.zonecam.webrtc.sfu;

import java.util.ArrayList;
import java.util.List;

/**
 * GopCache keeps one camera's pictures since its last keyframe, so a new viewer (or one that lost its decoder state)
 * can start at once instead of waiting for the camera's next keyframe. Bounded in bytes and pictures: a GOP that
 * outgrows either is dropped whole (a partial GOP cannot be decoded past its gap) until the next keyframe. Guarded by
 * the owning camera's lock.
 */
final class GopCache {

    /** Pictures kept at most: 10 s at 60 fps. */
    static final int MAX_PICTURES = 600;

    private final long maxBytes;
    private final ArrayList<VideoAccessUnit> pictures = new ArrayList<>();
    private long bytes;
    private boolean valid;
    private long overflows;

    GopCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(VideoAccessUnit au) {
        if (au.keyframe()) {
            pictures.clear();
            bytes = 0;
            valid = true;
        }
        if (!valid) {
            return;
        }
        if (bytes + au.bytes() > maxBytes || pictures.size() == MAX_PICTURES) {
            pictures.clear();
            bytes = 0;
            valid = false;
            overflows++;
            return;
        }
        pictures.add(au);
        bytes += au.bytes();
    }

    /** The cached GOP, keyframe first; empty when there is none to start from. */
    List<VideoAccessUnit> snapshot() {
        return valid ? List.copyOf(pictures) : List.of();
    }

    void clear() {
        pictures.clear();
        bytes = 0;
        valid = false;
    }

    long bytes() {
        return bytes;
    }

    long overflows() {
        return overflows;
    }
}
