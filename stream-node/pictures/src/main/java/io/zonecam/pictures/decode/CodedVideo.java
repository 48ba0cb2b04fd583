package io.zonecam.pictures.decode;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.fmp4.FragmentReader;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.pictures.PictureException;
import io.zonecam.pictures.PictureException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CodedVideo is a run of coded pictures of one track in decode order, normally one group of pictures from its
 * keyframe (a recorded fragment starts at one), with what is needed to decode them. It is the input of
 * {@link FrameDecoder}; building one checks the bounds that keep a decode bounded in time and memory.
 *
 * @param track the track
 * @param units the access units in decode order
 */
public record CodedVideo(VideoTrack track, List<AccessUnit> units) {

    /** Most access units in one decode: a 20 s GOP at 60 fps. */
    public static final int MAX_UNITS = 1200;
    /** Most bytes of coded video in one decode (a 2 s GOP at 50 Mb/s is 12.5 MB). */
    public static final long MAX_BYTES = 64L << 20;

    public CodedVideo {
        units = List.copyOf(units);
        if (units.size() > MAX_UNITS) {
            throw new PictureException(Reason.TOO_LARGE, units.size() + " access units, at most " + MAX_UNITS);
        }
        long bytes = 0;
        for (AccessUnit u : units) {
            bytes += u.data().length;
        }
        if (bytes > MAX_BYTES) {
            throw new PictureException(Reason.TOO_LARGE, bytes + " bytes of coded video, at most " + MAX_BYTES);
        }
    }

    /**
     * The video samples of recorded fragments (moof + mdat each, e.g. the byte range of a
     * {@code Timeline.Segment}) under their CMAF header. Pass the fragment before as well when the wanted instant
     * may fall on a leading picture that needs the previous group of pictures (H.265 open GOPs): units keep the
     * order given. Throws {@link Reason#CORRUPT_DATA} when a fragment is not a readable moof + mdat.
     */
    public static CodedVideo fromFragments(byte[] init, List<byte[]> fragments) {
        VideoTrack track = VideoTrack.fromInitSegment(init);
        List<AccessUnit> units = new ArrayList<>();
        for (byte[] fragment : fragments) {
            List<FragmentReader.TrackSamples> trafs;
            try {
                trafs = FragmentReader.read(fragment, 0, fragment.length);
            } catch (MediaFormatException e) {
                throw new PictureException(Reason.CORRUPT_DATA, "fragment: " + e.getMessage());
            }
            for (FragmentReader.TrackSamples traf : trafs) {
                if (traf.trackId() != track.trackId()) {
                    continue;
                }
                if (units.size() + traf.samples().size() > MAX_UNITS) {
                    throw new PictureException(Reason.TOO_LARGE, "more than " + MAX_UNITS + " access units");
                }
                for (FragmentReader.SampleRef s : traf.samples()) {
                    byte[] data = Arrays.copyOfRange(fragment, s.offset(), s.offset() + s.size());
                    units.add(new AccessUnit(
                            s.decodeTime(), s.decodeTime() + s.compositionOffset(), s.duration(), s.sync(), data));
                }
            }
        }
        return new CodedVideo(track, units);
    }

    /**
     * Frames of a live stream (e.g. the GOP cache: the last keyframe and what followed) of the video track
     * {@code track}; frames of other tracks are left out. Durations come from the next frame's decode time.
     */
    public static CodedVideo of(TrackInfo track, List<MediaFrame> frames) {
        VideoTrack video = VideoTrack.of(track);
        List<MediaFrame> mine =
                frames.stream().filter(f -> f.trackId() == track.trackId()).toList();
        List<AccessUnit> units = new ArrayList<>(mine.size());
        for (int i = 0; i < mine.size(); i++) {
            MediaFrame f = mine.get(i);
            long duration = i + 1 < mine.size() ? Math.max(0, mine.get(i + 1).dts() - f.dts()) : 0;
            units.add(new AccessUnit(f.dts(), f.pts(), duration, f.keyframe(), f.data()));
        }
        return new CodedVideo(video, units);
    }
}
