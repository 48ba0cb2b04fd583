package io.zonecam.ingest.track;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.bits.ByteSlice;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.h264.H264Sps;
import io.zonecam.media.h264.LengthPrefixed;
import io.zonecam.media.h265.H265Nal;
import io.zonecam.media.h265.H265Sps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * VideoTrackState keeps a publishing video track's current parameter sets, its {@link TrackInfo} and its reorder
 * depth, and notices when parameter sets arrive or change in-band so the listener can be told before the frame that
 * carries them. The parsing itself is the media module's ({@link H264Sps}, {@link H265Sps}).
 *
 * <p>One parameter set per NAL type is kept (VPS, SPS, PPS), the newest winning: cameras use a single id of each.
 */
public final class VideoTrackState {

    /** Biggest parameter set kept; real SPS/PPS are tens of bytes. */
    static final int MAX_PARAMETER_SET = 4096;

    private final int trackId;
    private final Codec codec;
    private final int timescale;
    private final List<byte[]> sets = new ArrayList<>();
    private TrackInfo info;
    private int reorderDepth = -1;

    public VideoTrackState(int trackId, Codec codec, int timescale) {
        this.trackId = trackId;
        this.codec = codec;
        this.timescale = timescale;
        this.info = TrackInfo.video(trackId, codec, timescale, List.of(), 0, 0);
    }

    public Codec codec() {
        return codec;
    }

    public TrackInfo info() {
        return info;
    }

    /** True once an SPS is known. */
    public boolean configured() {
        return find(spsType()) >= 0;
    }

    /** The reorder depth the current SPS declares (frames a picture may wait for), or -1 when it does not say. */
    public int reorderDepth() {
        return reorderDepth;
    }

    /** True when a 4-byte length-prefixed access unit of this codec is a random access point (IDR, IRAP). */
    public boolean isRandomAccess(byte[] au) {
        return codec == Codec.H265 ? H265Nal.containsIrap(au) : H264Nal.containsIdr(au);
    }

    /** Replaces all parameter sets (a new out-of-band configuration); returns true when the TrackInfo changed. */
    public boolean replace(List<byte[]> parameterSets) {
        List<byte[]> before = List.copyOf(sets);
        sets.clear();
        for (byte[] p : parameterSets) {
            if (p.length > 0) {
                put(p);
            }
        }
        return rebuild(before);
    }

    /**
     * Takes the parameter sets found in a 4-byte length-prefixed access unit; returns true when the TrackInfo changed.
     * A malformed access unit carries none.
     */
    public boolean absorbInBand(byte[] au) {
        List<ByteSlice> nals;
        try {
            nals = LengthPrefixed.split(au);
        } catch (MediaFormatException e) {
            return false;
        }
        List<byte[]> before = null;
        for (ByteSlice nal : nals) {
            if (isParameterSet(type(nal.get(0))) && nal.length() <= MAX_PARAMETER_SET) {
                if (before == null) {
                    before = List.copyOf(sets); // the common case, no parameter set, copies nothing
                }
                put(nal.toByteArray());
            }
        }
        return before != null && rebuild(before);
    }

    private int type(int headerByte) {
        return codec == Codec.H265 ? H265Nal.type(headerByte) : H264Nal.type(headerByte);
    }

    private int spsType() {
        return codec == Codec.H265 ? H265Nal.SPS : H264Nal.SPS;
    }

    private boolean isParameterSet(int type) {
        return codec == Codec.H265
                ? type == H265Nal.VPS || type == H265Nal.SPS || type == H265Nal.PPS
                : type == H264Nal.SPS || type == H264Nal.PPS;
    }

    private void put(byte[] nal) {
        int i = find(type(nal[0]));
        if (i >= 0) {
            sets.set(i, nal);
        } else {
            sets.add(nal);
        }
    }

    private int find(int type) {
        for (int i = 0; i < sets.size(); i++) {
            if (type(sets.get(i)[0]) == type) {
                return i;
            }
        }
        return -1;
    }

    private boolean rebuild(List<byte[]> before) {
        if (before.size() == sets.size()) {
            boolean same = true;
            for (int i = 0; i < sets.size() && same; i++) {
                same = Arrays.equals(before.get(i), sets.get(i));
            }
            if (same) {
                return false;
            }
        }
        sets.sort((x, y) -> Integer.compare(type(x[0]), type(y[0])));
        int width = 0;
        int height = 0;
        reorderDepth = -1;
        int spsIndex = find(spsType());
        if (spsIndex >= 0) {
            try {
                byte[] sps = sets.get(spsIndex);
                if (codec == Codec.H265) {
                    H265Sps parsed = H265Sps.parse(sps);
                    width = parsed.width();
                    height = parsed.height();
                    reorderDepth = parsed.maxNumReorderPics();
                } else {
                    H264Sps parsed = H264Sps.parse(sps);
                    width = parsed.width();
                    height = parsed.height();
                    reorderDepth = parsed.maxNumReorderFrames();
                }
            } catch (RuntimeException e) {
                // An unreadable SPS leaves the size unknown (0x0); the decoder downstream has the final word.
            }
        }
        info = TrackInfo.video(trackId, codec, timescale, sets, width, height);
        return true;
    }
}
