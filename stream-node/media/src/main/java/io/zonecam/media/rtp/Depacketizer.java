package io.zonecam.media.rtp;

import io.zonecam.media.frame.MediaFrame;
import java.util.function.Consumer;

/**
 * Depacketizer turns the RTP packets of one track back into whole access units.
 *
 * <p>Implementations are not thread-safe: one instance per track, fed in arrival order. Loss or malformed payloads
 * are counted and the damaged access unit is dropped (video then waits for the next keyframe); they never throw.
 */
public interface Depacketizer {

    /** Consumes one packet and emits zero or more complete frames to {@code out}. */
    void push(RtpPacket packet, Consumer<MediaFrame> out);

    /** Packets or access units dropped because they were malformed, lost or out of limits. */
    long dropped();
}
