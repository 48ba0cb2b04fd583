package io.zonecam.sim.verify;

import io.zonecam.media.MediaFormatException;
import io.zonecam.media.fmp4.FragmentReader;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.h264.FrameMarker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * RecordingVerifier plays a camera's recorded HLS playlist the way a player does (playlist, then every fragment by
 * its byte range) and reads the simulator's frame marker out of every recorded picture, so a recording can be
 * checked frame by frame: which frame counters it holds, which are missing, which appear twice.
 */
public final class RecordingVerifier {

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /**
     * Report is what a recording holds.
     *
     * @param cameraId       the camera whose markers were counted (markers of others are errors)
     * @param fragments      fragments in the playlist
     * @param discontinuities EXT-X-DISCONTINUITY tags
     * @param counters       frame counters in play order
     * @param foreign        pictures whose marker names another camera
     * @param unmarked       pictures without a marker
     */
    public record Report(
            String cameraId, int fragments, int discontinuities, long[] counters, int foreign, int unmarked) {

        /** Distinct counters. */
        public long frames() {
            return Arrays.stream(counters).distinct().count();
        }

        public long first() {
            return counters.length == 0 ? -1 : Arrays.stream(counters).min().getAsLong();
        }

        public long last() {
            return counters.length == 0 ? -1 : Arrays.stream(counters).max().getAsLong();
        }

        /** Counters played more than once. */
        public long duplicates() {
            return counters.length - frames();
        }

        /** Counters between the first and the last that never play. */
        public long missing() {
            return counters.length == 0 ? 0 : last() - first() + 1 - frames();
        }

        /** Times the play order steps backwards (a replayed stretch). */
        public long reorders() {
            long n = 0;
            for (int i = 1; i < counters.length; i++) {
                if (counters[i] <= counters[i - 1]) {
                    n++;
                }
            }
            return n;
        }

        /** The missing counters as ranges, e.g. "1200-1221, 1800". */
        public String missingRanges() {
            long[] sorted = Arrays.stream(counters).distinct().sorted().toArray();
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] > sorted[i - 1] + 1) {
                    long from = sorted[i - 1] + 1;
                    long to = sorted[i] - 1;
                    b.append(b.length() == 0 ? "" : ", ").append(from).append(from == to ? "" : "-" + to);
                }
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return String.format(
                    "camera %s: %d frames (%d..%d) in %d fragments, %d missing, %d duplicated, "
                            + "%d out of order, %d discontinuities, %d unmarked, %d of other cameras%s",
                    cameraId,
                    frames(),
                    first(),
                    last(),
                    fragments,
                    missing(),
                    duplicates(),
                    reorders(),
                    discontinuities,
                    unmarked,
                    foreign,
                    missing() == 0 ? "" : " (missing " + missingRanges() + ")");
        }
    }

    /** Fetches the playlist and every fragment it lists; returns what the recording holds. */
    public Report verify(String cameraId, URI playlist) throws IOException, InterruptedException {
        String text = new String(get(playlist, null).body(), java.nio.charset.StandardCharsets.UTF_8);
        List<long[]> ranges = new ArrayList<>();
        List<URI> uris = new ArrayList<>();
        int discontinuities = 0;
        long[] pending = null;
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("#EXT-X-DISCONTINUITY")) {
                discontinuities++;
            } else if (line.startsWith("#EXT-X-BYTERANGE:")) {
                String[] br = line.substring(17).split("@");
                pending = new long[] {Long.parseLong(br[1]), Long.parseLong(br[0])};
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                uris.add(playlist.resolve(line));
                ranges.add(pending);
                pending = null;
            }
        }
        List<Long> counters = new ArrayList<>();
        int foreign = 0;
        int unmarked = 0;
        for (int i = 0; i < uris.size(); i++) {
            long[] r = ranges.get(i);
            byte[] fragment = get(uris.get(i), r).body();
            for (FragmentReader.TrackSamples track : FragmentReader.read(fragment, 0, fragment.length)) {
                for (FragmentReader.SampleRef s : track.samples()) {
                    Optional<FrameMarker> marker;
                    try {
                        marker = FrameMarker.find(
                                Arrays.copyOfRange(fragment, s.offset(), s.offset() + s.size()), Codec.H264);
                    } catch (MediaFormatException e) {
                        marker = Optional.empty(); // not a video sample (audio)
                    }
                    if (marker.isEmpty()) {
                        unmarked += s.size() > 0 && track.trackId() == 1 ? 1 : 0;
                    } else if (!marker.get().cameraId().equals(cameraId)) {
                        foreign++;
                    } else {
                        counters.add(marker.get().frameCounter());
                    }
                }
            }
        }
        return new Report(
                cameraId,
                uris.size(),
                discontinuities,
                counters.stream().mapToLong(Long::longValue).toArray(),
                foreign,
                unmarked);
    }

    private HttpResponse<byte[]> get(URI uri, long[] range) throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (range != null) {
            b.header("Range", "bytes=" + range[0] + "-" + (range[0] + range[1] - 1));
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 && r.statusCode() != 206) {
            throw new IOException("GET " + uri.getPath() + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        return r;
    }
}
