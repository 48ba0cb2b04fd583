package io.zonecam.recording.format;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.fmp4.FragmentReader;
import java.util.List;

/**
 * FragmentSummary is what the segment index needs to know about one movie fragment, read back from its bytes
 * (moof + mdat) so that the live path and crash recovery compute exactly the same index.
 *
 * @param size                     bytes of moof + mdat
 * @param firstDecodeTime          tfdt of the primary track
 * @param earliestPresentationTime smallest dts + composition offset of the primary track's samples
 * @param duration                 sum of the primary track's sample durations
 * @param startsWithSap            true when the primary track's first sample is a sync sample
 * @param samples                  number of primary-track samples
 */
public record FragmentSummary(
        long size,
        long firstDecodeTime,
        long earliestPresentationTime,
        long duration,
        boolean startsWithSap,
        int samples) {

    /**
     * Summarizes the fragment in {@code data[offset, offset + length)} for track {@code primaryTrackId}. Throws
     * {@link MediaFormatException} when the bytes are not one complete moof + mdat whose samples lie inside it,
     * or when the primary track has no samples.
     */
    public static FragmentSummary of(byte[] data, int offset, int length, int primaryTrackId) {
        MediaFormatException.checkRange(data.length, offset, length, "fragment");
        List<FragmentReader.TrackSamples> tracks = FragmentReader.read(data, offset, length);
        for (FragmentReader.TrackSamples t : tracks) {
            for (FragmentReader.SampleRef s : t.samples()) {
                if (s.offset() < offset || s.offset() + (long) s.size() > offset + (long) length) {
                    throw new MediaFormatException("sample outside the fragment");
                }
            }
        }
        for (FragmentReader.TrackSamples t : tracks) {
            if (t.trackId() != primaryTrackId || t.samples().isEmpty()) {
                continue;
            }
            long ept = Long.MAX_VALUE;
            long duration = 0;
            for (FragmentReader.SampleRef s : t.samples()) {
                ept = Math.min(ept, s.decodeTime() + s.compositionOffset());
                duration += s.duration();
            }
            return new FragmentSummary(
                    length,
                    t.baseMediaDecodeTime(),
                    Math.max(0, ept),
                    duration,
                    t.samples().get(0).sync(),
                    t.samples().size());
        }
        throw new MediaFormatException("fragment has no samples of track " + primaryTrackId);
    }
}
