package io.zonecam.node.playback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Playlist is the segments of a node's HLS playlist, read back the way a player reads them. */
record Playlist(List<Segment> segments) {

    /**
     * Segment is one fragment the playlist lists.
     *
     * @param uri      relative URI (object key and token)
     * @param offset   first byte in the object
     * @param length   bytes
     * @param start    EXT-X-PROGRAM-DATE-TIME
     * @param seconds    EXTINF
     * @param initLength bytes of the object's init, as the EXT-X-MAP in force says
     */
    record Segment(String uri, long offset, long length, Instant start, double seconds, long initLength) {

        /** The object part of the URI, without the token. */
        String object() {
            return uri.substring(0, uri.indexOf('?'));
        }

        Instant end() {
            return start.plusNanos(Math.round(seconds * 1e9));
        }

        /** The HTTP Range header asking for exactly this fragment. */
        String range() {
            return "bytes=" + offset + "-" + (offset + length - 1);
        }

        /** The HTTP Range header asking for the object's init. */
        String initRange() {
            return "bytes=0-" + (initLength - 1);
        }
    }

    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\",BYTERANGE=\"(\\d+)@0\"");

    static Playlist parse(String text) {
        List<Segment> segments = new ArrayList<>();
        long initLength = 0;
        Instant start = null;
        double seconds = 0;
        long offset = 0;
        long length = 0;
        for (String line : text.split("\n")) {
            Matcher m = MAP.matcher(line);
            if (m.matches()) {
                initLength = Long.parseLong(m.group(2));
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                start = Instant.parse(line.substring(25));
            } else if (line.startsWith("#EXTINF:")) {
                seconds = Double.parseDouble(line.substring(8, line.indexOf(',')));
            } else if (line.startsWith("#EXT-X-BYTERANGE:")) {
                String[] r = line.substring(17).split("@");
                length = Long.parseLong(r[0]);
                offset = Long.parseLong(r[1]);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                segments.add(new Segment(line, offset, length, start, seconds, initLength));
            }
        }
        return new Playlist(segments);
    }
}
