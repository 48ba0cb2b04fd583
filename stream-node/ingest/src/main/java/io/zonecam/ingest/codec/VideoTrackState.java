package io.zonecam.ingest.codec;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.H264Sps;
import io.zonecam.media.h265.H265Sps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * VideoTrackState keeps a video track's current parameter sets and {@link TrackInfo}, and notices when parameter
 * sets arrive or change in-band so the listener can be told before the frame that carries them.
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
        return find(codec == Codec.H265 ? 33 : 7) >= 0;
    }

    /** Replaces all parameter sets (a new out-of-band configuration); returns true when the TrackInfo changed. */
    public boolean replace(List<byte[]> parameterSets) {
        List<byte[]> before = List.copyOf(sets);
        sets.clear();
        for (byte[] p : parameterSets) {
            put(p);
        }
        return rebuild(before);
    }

    /** Takes the parameter sets found in a 4-byte length-prefixed access unit; returns true when the TrackInfo changed. */
    public boolean absorbInBand(byte[] au) {
        boolean any = false;
        for (int p = 0; p + 4 < au.length; ) {
            int n = (int) NalUnits.readLength(au, p, 4);
            if (n <= 0 || n > au.length - p - 4) {
                break;
            }
            int header = au[p + 4];
            int type = codec == Codec.H265 ? (header >> 1) & 0x3F : header & 0x1F;
            if (NalUnits.isParameterSet(codec, type) && n <= MAX_PARAMETER_SET) {
                any = true;
            }
            p += 4 + n;
        }
        if (!any) {
            return false; // the common case: no copy, no allocation
        }
        List<byte[]> before = List.copyOf(sets);
        for (byte[] nal : NalUnits.split(au)) {
            if (NalUnits.isParameterSet(codec, NalUnits.type(codec, nal)) && nal.length <= MAX_PARAMETER_SET) {
                put(nal);
            }
        }
        return rebuild(before);
    }

    private void put(byte[] nal) {
        int i = find(NalUnits.type(codec, nal));
        if (i >= 0) {
            sets.set(i, nal);
        } else {
            sets.add(nal);
        }
    }

    private int find(int type) {
        for (int i = 0; i < sets.size(); i++) {
            if (NalUnits.type(codec, sets.get(i)) == type) {
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
        sets.sort((x, y) -> Integer.compare(NalUnits.type(codec, x), NalUnits.type(codec, y)));
        int width = 0;
        int height = 0;
        int spsIndex = find(codec == Codec.H265 ? 33 : 7);
        if (spsIndex >= 0) {
            try {
                byte[] sps = sets.get(spsIndex);
                if (codec == Codec.H265) {
                    H265Sps parsed = H265Sps.parse(sps);
                    width = parsed.width();
                    height = parsed.height();
                } else {
                    H264Sps parsed = H264Sps.parse(sps);
                    width = parsed.width();
                    height = parsed.height();
                }
            } catch (RuntimeException e) {
                // An unreadable SPS leaves the size unknown (0x0); the decoder downstream has the final word.
            }
        }
        info = TrackInfo.video(trackId, codec, timescale, sets, width, height);
        return true;
    }
}
