package io.zonecam.media.fmp4;

import java.util.List;

/**
 * FragmentWriter writes one movie fragment: {@code moof} (ISO/IEC 14496-12 §8.8.4) with {@code mfhd} and one
 * {@code traf} per track, then a single {@code mdat} holding the tracks' samples one track after the other.
 *
 * <p>Each traf has {@code tfhd} with default-base-is-moof (§8.8.7, as CMAF requires), {@code tfdt} version 1
 * (§8.8.12) and {@code trun} version 1 (§8.8.8) whose data offset is relative to the moof. Video runs carry
 * per-sample duration, size, flags and signed composition offset; audio runs carry duration and size and take
 * their (sync) flags from tfhd. Sample bytes are copied once, into the returned array.
 */
public final class FragmentWriter {

    /** Sample flags (§8.8.3.1) of a sync sample: sample_depends_on = 2 (depends on no other). */
    public static final int SYNC_FLAGS = 0x0200_0000;
    /** Sample flags of a non-sync sample: sample_depends_on = 1, sample_is_non_sync_sample = 1. */
    public static final int NON_SYNC_FLAGS = 0x0101_0000;

    /**
     * Sample is one sample of a run.
     *
     * @param data              bytes holding the sample
     * @param offset            first byte
     * @param length            sample size
     * @param duration          duration in the track timescale (0..2^32-1)
     * @param compositionOffset pts − dts in the track timescale, may be negative
     * @param sync              true for a random access point
     */
    public record Sample(byte[] data, int offset, int length, long duration, int compositionOffset, boolean sync) {}

    /**
     * TrackRun is the samples of one track in a fragment.
     *
     * @param trackId              the track id (as in the init segment)
     * @param video                true to write per-sample flags and composition offsets
     * @param baseMediaDecodeTime  decode time of the first sample in the track timescale
     * @param samples              the samples in decode order, at least one
     */
    public record TrackRun(int trackId, boolean video, long baseMediaDecodeTime, List<Sample> samples) {}

    private FragmentWriter() {}

    /** Writes moof+mdat for the runs (runs without samples are skipped). */
    public static byte[] write(long sequenceNumber, List<TrackRun> runs) {
        int sampleCount = 0;
        long payload = 0;
        for (TrackRun r : runs) {
            sampleCount += r.samples().size();
            for (Sample s : r.samples()) {
                payload += s.length();
            }
        }
        BoxWriter w = new BoxWriter(128 + runs.size() * 80 + sampleCount * 16);
        int moof = w.start("moof");
        int mfhd = w.startFull("mfhd", 0, 0);
        w.u32(sequenceNumber);
        w.end(mfhd);
        int[] dataOffsetAt = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            TrackRun r = runs.get(i);
            if (r.samples().isEmpty()) {
                dataOffsetAt[i] = -1;
                continue;
            }
            int traf = w.start("traf");
            // tfhd flags: default-base-is-moof (0x020000), plus default-sample-flags-present (0x20) for audio.
            int tfhd = w.startFull("tfhd", 0, r.video() ? 0x020000 : 0x020020);
            w.u32(r.trackId());
            if (!r.video()) {
                w.u32(SYNC_FLAGS);
            }
            w.end(tfhd);
            int tfdt = w.startFull("tfdt", 1, 0);
            w.u64(r.baseMediaDecodeTime());
            w.end(tfdt);
            // trun flags: data-offset (0x1), duration (0x100), size (0x200) [, flags (0x400), composition (0x800)]
            int trun = w.startFull("trun", 1, r.video() ? 0x000f01 : 0x000301);
            w.u32(r.samples().size());
            dataOffsetAt[i] = w.position();
            w.u32(0); // patched below
            for (Sample s : r.samples()) {
                w.u32(s.duration());
                w.u32(s.length());
                if (r.video()) {
                    w.u32(s.sync() ? SYNC_FLAGS : NON_SYNC_FLAGS);
                    w.u32(s.compositionOffset() & 0xFFFF_FFFFL);
                }
            }
            w.end(trun);
            w.end(traf);
        }
        w.end(moof);
        int moofSize = w.position();
        long total = moofSize + 8 + payload;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("fragment larger than 2 GiB");
        }
        long dataOffset = moofSize + 8;
        for (int i = 0; i < runs.size(); i++) {
            if (dataOffsetAt[i] >= 0) {
                w.patch32(dataOffsetAt[i], dataOffset);
                for (Sample s : runs.get(i).samples()) {
                    dataOffset += s.length();
                }
            }
        }
        byte[] out = new byte[(int) total];
        System.arraycopy(w.array(), 0, out, 0, moofSize);
        int pos = moofSize;
        long mdatSize = 8 + payload;
        out[pos] = (byte) (mdatSize >>> 24);
        out[pos + 1] = (byte) (mdatSize >>> 16);
        out[pos + 2] = (byte) (mdatSize >>> 8);
        out[pos + 3] = (byte) mdatSize;
        out[pos + 4] = 'm';
        out[pos + 5] = 'd';
        out[pos + 6] = 'a';
        out[pos + 7] = 't';
        pos += 8;
        for (TrackRun r : runs) {
            for (Sample s : r.samples()) {
                System.arraycopy(s.data(), s.offset(), out, pos, s.length());
                pos += s.length();
            }
        }
        return out;
    }
}
