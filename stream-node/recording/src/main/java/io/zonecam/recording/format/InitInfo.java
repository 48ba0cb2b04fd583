package io.zonecam.recording.format;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.fmp4.BoxReader;
import java.util.ArrayList;
import java.util.List;

/**
 * InitInfo is the little a recorder, recovery and clip export need from a CMAF header's moov: each track's id,
 * media timescale and handler, and which one is the primary (first video, else first) track.
 *
 * @param tracks the tracks in moov order
 */
public record InitInfo(List<Track> tracks) {

    /**
     * Track is one trak of the moov.
     *
     * @param trackId   tkhd track_ID
     * @param timescale mdhd timescale
     * @param video     true for a {@code vide} handler
     */
    public record Track(int trackId, long timescale, boolean video) {}

    public InitInfo {
        tracks = List.copyOf(tracks);
        if (tracks.isEmpty()) {
            throw new MediaFormatException("moov has no tracks");
        }
    }

    /** The primary track: the first video track, else the first track (as the media Fragmenter chooses). */
    public Track primary() {
        for (Track t : tracks) {
            if (t.video()) {
                return t;
            }
        }
        return tracks.get(0);
    }

    /** The track with this id, or null. */
    public Track track(int trackId) {
        for (Track t : tracks) {
            if (t.trackId() == trackId) {
                return t;
            }
        }
        return null;
    }

    /** Reads ftyp + moov (ISO/IEC 14496-12 §8.3.2 tkhd, §8.4.2 mdhd, §8.4.3 hdlr). */
    public static InitInfo parse(byte[] init) {
        BoxReader.Box moov =
                BoxReader.find(init, "moov").orElseThrow(() -> new MediaFormatException("init segment without moov"));
        List<Track> tracks = new ArrayList<>();
        for (BoxReader.Box trak : BoxReader.children(init, moov)) {
            if (!trak.type().equals("trak")) {
                continue;
            }
            int o = trak.offset();
            int n = trak.size();
            BoxReader.Box tkhd = BoxReader.find(init, o + 8, n - 8, "tkhd")
                    .orElseThrow(() -> new MediaFormatException("trak without tkhd"));
            BoxReader.Box mdhd = BoxReader.find(init, o + 8, n - 8, "mdia/mdhd")
                    .orElseThrow(() -> new MediaFormatException("trak without mdhd"));
            BoxReader.Box hdlr = BoxReader.find(init, o + 8, n - 8, "mdia/hdlr")
                    .orElseThrow(() -> new MediaFormatException("trak without hdlr"));
            int trackId = (int) versioned(init, tkhd, 8, 16);
            long timescale = versioned(init, mdhd, 8, 16);
            if (timescale == 0 || trackId == 0) {
                throw new MediaFormatException("track id or timescale 0");
            }
            long handler = field(init, hdlr, 8);
            tracks.add(new Track(trackId, timescale, handler == 0x76696465L)); // 'vide'
        }
        return new InitInfo(tracks);
    }

    // Full boxes put 32- or 64-bit creation/modification times first; the field follows them.
    private static long versioned(byte[] data, BoxReader.Box box, int skipV0, int skipV1) {
        int version = data[checked(box, 0)] & 0xff;
        return field(data, box, 4 + (version == 1 ? skipV1 : skipV0));
    }

    private static long field(byte[] d, BoxReader.Box box, int at) {
        int p = checked(box, at);
        checked(box, at + 3);
        return ((d[p] & 0xffL) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
    }

    private static int checked(BoxReader.Box box, int at) {
        if (at < 0 || at >= box.contentLength()) {
            throw new MediaFormatException("'" + box.type() + "' too short");
        }
        return box.contentOffset() + at;
    }
}
