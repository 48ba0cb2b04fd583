package io.zonecam.recording.playback;

import io.zonecam.recording.index.Timeline;
import io.zonecam.recording.index.Timeline.Segment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * HlsPlaylist writes a VOD media playlist (RFC 8216) over a {@link Timeline}: every segment is one CMAF fragment
 * addressed by byte range inside its recording object.
 *
 * <p>Tags: EXT-X-VERSION 7 (§4.3.1.2; EXT-X-MAP without I-frames-only needs 6), EXT-X-TARGETDURATION (§4.3.3.1:
 * each EXTINF rounded to the nearest integer is at most it), EXT-X-MEDIA-SEQUENCE 0, EXT-X-PLAYLIST-TYPE:VOD
 * (§4.3.3.5), EXT-X-INDEPENDENT-SEGMENTS (§4.3.5.1) only when every fragment starts with a keyframe, EXT-X-MAP with
 * the object's ftyp+moov byte range (§4.3.2.5) whenever the object changes, EXT-X-PROGRAM-DATE-TIME (§4.3.2.6) on
 * every segment so players and the timeline UI agree on wall-clock time, EXT-X-BYTERANGE (§4.3.2.2) per fragment,
 * EXT-X-DISCONTINUITY (§4.3.2.3) before a segment that does not continue the previous one's timeline (after a
 * gap, on a session, init or timestamp change), and EXT-X-ENDLIST (§4.3.3.4).
 *
 * <p>URIs come from the caller, who decides the URL scheme (a node proxy path, CloudFront, presigned URLs) and
 * appends the playback token.
 */
public final class HlsPlaylist {

    /** UriFunction makes the URI of a byte range of an object (the init or a fragment). */
    @FunctionalInterface
    public interface UriFunction {
        /** The URI for {@code [offset, offset + length)} of {@code objectKey}. */
        String uri(String objectKey, long offset, long length);
    }

    private static final DateTimeFormatter PDT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private HlsPlaylist() {}

    /** The playlist text (UTF-8, lines ending in LF). */
    public static String write(Timeline timeline, UriFunction uris) {
        List<Segment> segments = timeline.segments();
        long maxDuration = 0;
        boolean allIndependent = true;
        for (Segment s : segments) {
            maxDuration = Math.max(maxDuration, s.durationMicros());
            allIndependent &= s.independent();
        }
        StringBuilder b = new StringBuilder(256 + segments.size() * 200);
        b.append("#EXTM3U\n");
        b.append("#EXT-X-VERSION:7\n");
        b.append("#EXT-X-TARGETDURATION:")
                .append(Math.max(1, (maxDuration + 500_000) / 1_000_000))
                .append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:0\n");
        b.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        if (allIndependent && !segments.isEmpty()) {
            b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        }
        String mapKey = null;
        for (Segment s : segments) {
            if (s.discontinuity()) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            if (!s.key().equals(mapKey)) {
                int initLength = s.object().index().initLength();
                b.append("#EXT-X-MAP:URI=\"")
                        .append(quoted(uris.uri(s.key(), 0, initLength)))
                        .append("\",BYTERANGE=\"")
                        .append(initLength)
                        .append("@0\"\n");
                mapKey = s.key();
            }
            Instant start = Instant.ofEpochSecond(
                    Math.floorDiv(s.startMicros(), 1_000_000L), Math.floorMod(s.startMicros(), 1_000_000L) * 1000);
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(PDT.format(start)).append('\n');
            b.append("#EXTINF:")
                    .append(String.format(Locale.ROOT, "%.3f", s.durationMicros() / 1e6))
                    .append(",\n");
            // The offset is always written: §4.3.2.2 allows leaving it out only after the same resource's range.
            b.append("#EXT-X-BYTERANGE:")
                    .append(s.length())
                    .append('@')
                    .append(s.offset())
                    .append('\n');
            b.append(uris.uri(s.key(), s.offset(), s.length())).append('\n');
        }
        b.append("#EXT-X-ENDLIST\n");
        return b.toString();
    }

    private static String quoted(String uri) {
        if (uri.indexOf('"') >= 0 || uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a quoted-string URI cannot contain '\"' or line breaks");
        }
        return uri;
    }
}
