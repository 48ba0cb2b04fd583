package io.zonecam.media.rtp;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.timing.TimestampUnwrapper;
import java.util.function.Consumer;

/**
 * FramePerPacketDepacketizer emits each RTP payload as one audio frame: G.711 PCMU/PCMA (RFC 3551 §4.5.14) and
 * Opus (RFC 7587 §4.2, one Opus packet per RTP packet).
 *
 * <p>Frames are stamped with the unwrapped RTP timestamp. Duplicates and late packets are dropped; loss needs no
 * handling because every audio frame decodes on its own.
 */
public final class FramePerPacketDepacketizer implements Depacketizer {

    /** Largest payload accepted: far above a 120 ms Opus packet or 100 ms of stereo G.711. */
    public static final int MAX_PAYLOAD = 16 * 1024;

    private final int trackId;
    private final TimestampUnwrapper unwrapper;
    private final SequenceNumbers sequence = new SequenceNumbers();
    private long dropped;

    public FramePerPacketDepacketizer(int trackId, int clockRate) {
        this.trackId = trackId;
        this.unwrapper = TimestampUnwrapper.forClockRate(clockRate, clockRate / 50);
    }

    @Override
    public void push(RtpPacket p, Consumer<MediaFrame> out) {
        if (sequence.gapBefore(p.sequenceNumber()) == SequenceNumbers.STALE
                || p.payloadLength() == 0
                || p.payloadLength() > MAX_PAYLOAD) {
            dropped++;
            return;
        }
        long ts = unwrapper.unwrap(p.timestamp());
        out.accept(new MediaFrame(trackId, ts, ts, true, p.payload()));
    }

    @Override
    public long dropped() {
        return dropped;
    }
}
