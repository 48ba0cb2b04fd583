package io.zonecam.media.rtp;

import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.timing.TimestampUnwrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * NalDepacketizer is the part of the H.264 (RFC 6184) and H.265 (RFC 7798) depacketizers that does not depend on
 * the NAL header layout: sequence-gap detection, access-unit boundaries, limits, keyframe gating, parameter sets.
 *
 * <p>An access unit ends at a packet with the marker bit or when the RTP timestamp changes (some cameras never set
 * the marker). After any sequence gap or malformed payload the damaged access unit is dropped and output resumes
 * at the next keyframe, because a decoder cannot use pictures that reference a lost one. Output also starts at the
 * first keyframe. Access units without a picture (parameter sets or SEI sent with their own timestamp) are carried
 * into the next access unit rather than emitted alone.
 *
 * <p>Timestamps: {@code pts} and {@code dts} are both the unwrapped RTP timestamp. RTP carries presentation time
 * only, so streams with B-frames reach here with non-monotonic pts; pass them through a
 * {@link io.zonecam.media.timing.DtsEstimator} (reorder depth from the SPS:
 * {@link io.zonecam.media.h264.H264Sps#maxNumReorderFrames()}, {@link io.zonecam.media.h265.H265Sps#maxNumReorderPics()})
 * before muxing, as ingest does for every RTSP video track.
 */
public abstract sealed class NalDepacketizer implements Depacketizer permits H264Depacketizer, H265Depacketizer {

    /** Default cap on one access unit: far above a 4K intra picture at camera bitrates. */
    public static final int DEFAULT_MAX_ACCESS_UNIT_BYTES = 8 * 1024 * 1024;
    /** Default cap on NAL units per access unit. */
    public static final int DEFAULT_MAX_NALS = 1024;

    private final int trackId;
    /** Size of the codec's NAL unit header (1 for H.264, 2 for H.265). */
    private final int headerSize;

    private final TimestampUnwrapper unwrapper;
    private final byte[][] parameterSets;
    final AccessUnitBuffer au;
    private final SequenceNumbers sequence = new SequenceNumbers();
    private long auTimestamp = -1;
    private boolean damaged;
    private boolean hasPicture;
    private boolean hasKeyframe;
    private boolean waitKeyframe = true;
    private long dropped;
    private long lostPackets;
    private long frames;
    private long parameterSetVersion;

    NalDepacketizer(
            int trackId,
            int clockRate,
            int maxAccessUnitBytes,
            int headerSize,
            int parameterSetKinds,
            List<byte[]> initialParameterSets) {
        if (trackId <= 0) {
            throw new IllegalArgumentException("trackId must be positive");
        }
        this.trackId = trackId;
        this.headerSize = headerSize;
        this.unwrapper = TimestampUnwrapper.forClockRate(clockRate);
        this.au = new AccessUnitBuffer(maxAccessUnitBytes, DEFAULT_MAX_NALS);
        this.parameterSets = new byte[parameterSetKinds][];
        for (byte[] ps : initialParameterSets) {
            if (ps.length > headerSize) {
                int kind = parameterSetKind(ps[0], ps.length > 1 ? ps[1] : 0);
                if (kind >= 0) {
                    parameterSets[kind] = ps.clone();
                }
            }
        }
    }

    @Override
    public final void push(RtpPacket packet, Consumer<MediaFrame> out) {
        int gap = sequence.gapBefore(packet.sequenceNumber());
        if (gap == SequenceNumbers.STALE) {
            dropped++; // duplicate or late packet: the access unit it belonged to is already gone
            return;
        }
        if (gap > 0) {
            lostPackets += gap;
            discard();
        }
        if (auTimestamp >= 0 && packet.timestamp() != auTimestamp && hasPicture) {
            flush(out);
        }
        auTimestamp = packet.timestamp();
        if (packet.payloadLength() < headerSize) {
            damaged = true;
        } else if (!depacketize(packet.buffer(), packet.payloadOffset(), packet.payloadLength())) {
            damaged = true;
        }
        if (packet.marker()) {
            flush(out);
        }
    }

    /** Ends the current access unit as if a marker bit had arrived (e.g. at the end of a session). */
    public final void flush(Consumer<MediaFrame> out) {
        if (damaged || au.inFragment()) {
            discard();
            return;
        }
        if (!hasPicture) {
            return; // parameter sets or SEI alone: keep them for the next picture
        }
        if (waitKeyframe && !hasKeyframe) {
            dropped++;
            clear();
            return;
        }
        waitKeyframe = false;
        long ts = unwrapper.unwrap(auTimestamp);
        byte[] data = au.toByteArray();
        boolean key = hasKeyframe;
        clear();
        frames++;
        out.accept(new MediaFrame(trackId, ts, ts, key, data));
    }

    @Override
    public final long dropped() {
        return dropped;
    }

    /** Packets missing from the sequence (gaps), which led to dropped access units. */
    public final long lostPackets() {
        return lostPackets;
    }

    /** Access units emitted. */
    public final long frames() {
        return frames;
    }

    /** The latest parameter sets seen (from the SDP or in-band) in decoder order; missing ones are left out. */
    public final List<byte[]> parameterSets() {
        List<byte[]> out = new ArrayList<>(parameterSets.length);
        for (byte[] ps : parameterSets) {
            if (ps != null) {
                out.add(ps.clone());
            }
        }
        return out;
    }

    /** Increments whenever an in-band parameter set differs from the previous one: time to rebuild the init segment. */
    public final long parameterSetVersion() {
        return parameterSetVersion;
    }

    /** Index of a parameter-set NAL type in decoder order, or -1 for other NAL units. */
    abstract int parameterSetKind(byte header0, byte header1);

    /** True for NAL types that carry picture data. */
    abstract boolean isPicture(byte header0, byte header1);

    /** True for NAL types that start a random access point. */
    abstract boolean isKeyframe(byte header0, byte header1);

    /** Unpacks one payload into {@link #au} with {@link #addNal}; false when the payload is malformed or unsupported. */
    abstract boolean depacketize(byte[] buf, int offset, int length);

    /** Adds a complete NAL unit to the access unit; false past the limits. */
    final boolean addNal(byte[] buf, int offset, int length) {
        if (length < headerSize) {
            return false;
        }
        byte h0 = buf[offset];
        byte h1 = headerSize > 1 ? buf[offset + 1] : 0;
        noteNal(h0, h1, buf, offset, length);
        return au.addNal(buf, offset, length);
    }

    /** Records what a NAL unit (whole or the first fragment) means for the access unit. */
    final void noteNal(byte h0, byte h1, byte[] buf, int offset, int length) {
        hasPicture |= isPicture(h0, h1);
        hasKeyframe |= isKeyframe(h0, h1);
        int kind = parameterSetKind(h0, h1);
        if (kind >= 0 && buf != null) {
            byte[] current = parameterSets[kind];
            if (current == null || !java.util.Arrays.equals(current, 0, current.length, buf, offset, offset + length)) {
                parameterSets[kind] = java.util.Arrays.copyOfRange(buf, offset, offset + length);
                parameterSetVersion++;
            }
        }
    }

    private void discard() {
        if (!au.isEmpty() || damaged) {
            dropped++;
        }
        clear();
        waitKeyframe = true;
    }

    private void clear() {
        au.clear();
        damaged = false;
        hasPicture = false;
        hasKeyframe = false;
    }
}
