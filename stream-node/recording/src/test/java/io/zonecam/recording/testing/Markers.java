package io.zonecam.recording.testing;

import io.zonecam.media.fmp4.FragmentReader;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.h264.AnnexB;
import io.zonecam.media.h264.FrameMarker;
import io.zonecam.recording.format.ObjectIndex;
import io.zonecam.testing.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Markers reads the frame counters of the Zonecam frame markers back out of recorded bytes. */
public final class Markers {

    private Markers() {}

    /** Counters of the video (track 1) samples of every fragment of an object, in decode order. */
    public static List<Long> inObject(byte[] object) {
        ObjectIndex idx = ObjectIndex.parse(Arrays.copyOf(object, (int) ObjectIndex.headerEnd(object)), object.length);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < idx.fragmentCount(); i++) {
            int off = (int) idx.fragmentOffset(i);
            byte[] frag = Arrays.copyOfRange(object, off, off + (int) idx.fragmentSize(i));
            out.addAll(inFragment(frag));
        }
        return out;
    }

    /** Counters of the video samples of one fragment. */
    public static List<Long> inFragment(byte[] fragment) {
        List<Long> out = new ArrayList<>();
        for (FragmentReader.TrackSamples t : FragmentReader.read(fragment, 0, fragment.length)) {
            if (t.trackId() != 1) {
                continue;
            }
            for (FragmentReader.SampleRef s : t.samples()) {
                byte[] au = Arrays.copyOfRange(fragment, s.offset(), s.offset() + s.size());
                out.add(FrameMarker.find(au, Codec.H264).orElseThrow().frameCounter());
            }
        }
        return out;
    }

    /**
     * Counters of the video a real player reads from {@code input} (a file or an HLS playlist URL): ffmpeg copies
     * the H.264 stream out as Annex B (into {@code dir}), without decoding.
     */
    public static List<Long> inVideoOf(Path dir, String input) throws IOException {
        Path out = Ffmpeg.extractH264(dir, input, Files.createTempFile(dir, "video", ".h264"));
        return inAnnexB(Files.readAllBytes(out));
    }

    /** Counters of the access units of an Annex B H.264 stream (e.g. what ffmpeg copied out of a playlist). */
    public static List<Long> inAnnexB(byte[] stream) {
        List<Long> out = new ArrayList<>();
        for (byte[] au : AnnexB.accessUnits(stream, Codec.H264)) {
            FrameMarker.find(au, Codec.H264).ifPresent(m -> out.add(m.frameCounter()));
        }
        return out;
    }
}
