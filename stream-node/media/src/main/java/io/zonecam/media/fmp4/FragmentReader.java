package io.zonecam.media.fmp4;

import io.zonecam.media.MediaFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * FragmentReader decodes one moof (+ its mdat) into per-track sample lists with absolute byte positions, for
 * clip export, playback checks and tests. It supports the layouts this library writes and the common ones other
 * muxers write (default-base-is-moof or explicit base_data_offset, tfhd defaults, trun first-sample-flags).
 */
public final class FragmentReader {

    /**
     * SampleRef is one sample of a decoded fragment.
     *
     * @param decodeTime        dts in the track timescale
     * @param duration          duration in the track timescale
     * @param compositionOffset pts − dts
     * @param sync              true when sample_is_non_sync_sample is clear
     * @param offset            absolute offset of the sample bytes in the array
     * @param size              sample size
     */
    public record SampleRef(
            long decodeTime, long duration, long compositionOffset, boolean sync, int offset, int size) {}

    /**
     * TrackSamples is the samples of one traf.
     *
     * @param trackId             track_ID
     * @param baseMediaDecodeTime the tfdt value
     * @param samples             samples in decode order
     */
    public record TrackSamples(int trackId, long baseMediaDecodeTime, List<SampleRef> samples) {}

    private FragmentReader() {}

    /** Reads the first moof at or after {@code offset} within {@code length} bytes. */
    public static List<TrackSamples> read(byte[] data, int offset, int length) {
        BoxReader.Box moof = null;
        for (BoxReader.Box b : BoxReader.boxes(data, offset, length)) {
            if (b.type().equals("moof")) {
                moof = b;
                break;
            }
        }
        if (moof == null) {
            throw new MediaFormatException("no moof box");
        }
        List<TrackSamples> out = new ArrayList<>();
        for (BoxReader.Box traf : BoxReader.children(data, moof)) {
            if (!traf.type().equals("traf")) {
                continue;
            }
            BoxReader.TrackFragmentHeader tfhd = null;
            long baseTime = 0;
            List<BoxReader.TrackRun> runs = new ArrayList<>();
            for (BoxReader.Box b : BoxReader.children(data, traf)) {
                switch (b.type()) {
                    case "tfhd" -> tfhd = BoxReader.tfhd(data, b);
                    case "tfdt" -> baseTime = BoxReader.tfdt(data, b);
                    case "trun" -> runs.add(BoxReader.trun(data, b));
                    default -> {}
                }
            }
            if (tfhd == null) {
                throw new MediaFormatException("traf without tfhd");
            }
            long base = tfhd.baseDataOffset() >= 0 ? tfhd.baseDataOffset() : moof.offset();
            long time = baseTime;
            List<SampleRef> samples = new ArrayList<>();
            long next = base;
            for (BoxReader.TrackRun run : runs) {
                long pos = (run.flags() & 0x01) != 0 ? base + run.dataOffset() : next;
                for (BoxReader.TrunSample s : run.samples()) {
                    long duration = s.duration() >= 0 ? s.duration() : Math.max(0, tfhd.defaultSampleDuration());
                    long size = s.size() >= 0 ? s.size() : Math.max(0, tfhd.defaultSampleSize());
                    long flags = s.flags() >= 0 ? s.flags() : Math.max(0, tfhd.defaultSampleFlags());
                    if (pos < 0 || pos + size > data.length) {
                        throw new MediaFormatException("sample data outside the array");
                    }
                    samples.add(new SampleRef(
                            time, duration, s.compositionOffset(), (flags & 0x0001_0000) == 0, (int) pos, (int) size));
                    pos += size;
                    time += duration;
                }
                next = pos;
            }
            out.add(new TrackSamples(tfhd.trackId(), baseTime, samples));
        }
        return out;
    }
}
