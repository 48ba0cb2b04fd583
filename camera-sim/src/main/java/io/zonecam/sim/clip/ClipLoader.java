package io.zonecam.sim.clip;

import io.zonecam.media.aac.Adts;
import io.zonecam.media.aac.AudioSpecificConfig;
import io.zonecam.media.bits.ByteSlice;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.h264.AnnexB;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.h264.H264Sps;
import io.zonecam.media.h264.LengthPrefixed;
import io.zonecam.media.rtp.H264Packetizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * ClipLoader reads a clip file once into a {@link Clip}: ffmpeg copies (never re-encodes) the first H.264 and AAC
 * streams out as Annex B and ADTS, ffprobe lists the video packets' timestamps, and the media library splits access
 * units, reads the SPS and pre-packetizes every access unit for RTP.
 */
public final class ClipLoader {

    /** Default RTP payload size: what a camera uses to stay under a 1500-byte MTU. */
    public static final int DEFAULT_RTP_PAYLOAD = 1400;

    private ClipLoader() {}

    /** Loads {@code file} packetized for RTP payloads of at most {@code rtpMaxPayload} bytes. */
    public static Clip load(Path file, int rtpMaxPayload) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("clip not found: " + file);
        }
        Duration timeout = Duration.ofMinutes(2);
        List<Map<String, String>> streams =
                Ffmpeg.probe(file, null, "stream=index,codec_type,codec_name,time_base", timeout);
        Map<String, String> video = first(streams, "video");
        Map<String, String> audio = first(streams, "audio");
        if (video == null || !"h264".equals(video.get("codec_name"))) {
            throw new IOException("clip " + file + " has no H.264 video stream (found " + streams + ")");
        }
        if (audio != null && !"aac".equals(audio.get("codec_name"))) {
            audio = null; // other audio codecs are not simulated; the clip is still usable without sound
        }
        Path dir = Files.createTempDirectory("zonecam-sim-clip");
        try {
            Path h264 = dir.resolve("video.h264");
            Path adts = dir.resolve("audio.aac");
            List<String> cmd = Ffmpeg.command(
                    "-i",
                    file.toString(),
                    "-map",
                    "0:" + video.get("index"),
                    "-c",
                    "copy",
                    "-bsf:v",
                    "h264_mp4toannexb",
                    "-f",
                    "h264",
                    h264.toString());
            if (audio != null) {
                cmd.addAll(List.of("-map", "0:" + audio.get("index"), "-c", "copy", "-f", "adts", adts.toString()));
            }
            Ffmpeg.run(cmd, timeout);
            List<Map<String, String>> packets = Ffmpeg.probe(file, video.get("index"), "packet=pts,dts,flags", timeout);
            long[] timeBase = parseRational(video.get("time_base"));
            List<byte[]> units = AnnexB.accessUnits(Files.readAllBytes(h264), Codec.H264);
            if (units.size() != packets.size()) {
                throw new IOException("clip " + file + ": " + units.size() + " access units but " + packets.size()
                        + " video packets; the stream must have one picture per packet");
            }
            List<byte[]> audioFrames = new ArrayList<>();
            AudioSpecificConfig asc = null;
            if (audio != null) {
                byte[] a = Files.readAllBytes(adts);
                if (a.length > 0) {
                    asc = Adts.parseHeader(a, 0, a.length).toConfig();
                    for (ByteSlice s : Adts.frames(a)) {
                        audioFrames.add(s.toByteArray());
                    }
                }
            }
            return build(file.toString(), units, packets, timeBase, audioFrames, asc, rtpMaxPayload);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Map<String, String> first(List<Map<String, String>> streams, String type) {
        return streams.stream()
                .filter(s -> type.equals(s.get("codec_type")))
                .findFirst()
                .orElse(null);
    }

    static long[] parseRational(String s) throws IOException {
        String[] p = s == null ? new String[0] : s.split("/");
        try {
            long num = Long.parseLong(p[0]);
            long den = Long.parseLong(p[1]);
            if (num <= 0 || den <= 0) {
                throw new NumberFormatException();
            }
            return new long[] {num, den};
        } catch (RuntimeException e) {
            throw new IOException("unusable time base " + s);
        }
    }

    /** Builds the clip from access units (decode order) and the matching ffprobe packet rows. */
    static Clip build(
            String source,
            List<byte[]> units,
            List<Map<String, String>> packets,
            long[] timeBase,
            List<byte[]> audioFrames,
            AudioSpecificConfig asc,
            int rtpMaxPayload)
            throws IOException {
        int n = units.size();
        long[] dts = new long[n];
        long[] pts = new long[n];
        for (int i = 0; i < n; i++) {
            Map<String, String> p = packets.get(i);
            long d = parseTs(p.get("dts"), source);
            long t = parseTs(p.get("pts"), source);
            dts[i] = to90k(d, timeBase);
            pts[i] = to90k(t, timeBase);
        }
        long base = dts[0];
        long[] deltas = new long[Math.max(1, n - 1)];
        for (int i = 1; i < n; i++) {
            if (dts[i] <= dts[i - 1]) {
                throw new IOException("clip " + source + ": decode times do not increase at frame " + i);
            }
            deltas[i - 1] = dts[i] - dts[i - 1];
        }
        long frameDuration;
        if (n == 1) {
            frameDuration = Clip.VIDEO_CLOCK / 25;
        } else {
            Arrays.sort(deltas);
            frameDuration = deltas[deltas.length / 2]; // the median ignores a stray long or short frame
        }
        H264Packetizer packetizer = new H264Packetizer(rtpMaxPayload, 0, true);
        byte[] sps = null;
        byte[] pps = null;
        List<Clip.VideoFrame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] au = units.get(i);
            int split = 0;
            for (ByteSlice nal : LengthPrefixed.split(au)) {
                int type = H264Nal.type(nal.get(0));
                if (H264Nal.isVcl(type)) {
                    break;
                }
                if (type == H264Nal.SPS && sps == null) {
                    sps = nal.toByteArray();
                } else if (type == H264Nal.PPS && pps == null) {
                    pps = nal.toByteArray();
                }
                split += 4 + nal.length();
            }
            if (split == au.length) {
                throw new IOException("clip " + source + ": access unit " + i + " has no slice");
            }
            byte[] prefix = Arrays.copyOfRange(au, 0, split);
            byte[] body = Arrays.copyOfRange(au, split, au.length);
            List<byte[]> rtpPrefix = prefix.length == 0 ? List.of() : packetizer.packetize(prefix);
            List<byte[]> rtpBody = packetizer.packetize(body);
            frames.add(new Clip.VideoFrame(
                    i, dts[i] - base, pts[i] - base, H264Nal.containsIdr(au), prefix, body, rtpPrefix, rtpBody));
        }
        if (sps == null || pps == null) {
            throw new IOException("clip " + source + " carries no in-band SPS/PPS; encode it with "
                    + "-x264-params repeat-headers=1 or remux it with the h264_mp4toannexb filter");
        }
        long loop = frameDuration * n;
        if (frames.get(n - 1).dts() >= loop) {
            throw new IOException("clip " + source + ": frame times do not fit a loop of " + n + " frames");
        }
        H264Sps parsed = H264Sps.parse(sps);
        return new Clip(
                source,
                frames,
                audioFrames,
                parsed.width(),
                parsed.height(),
                sps,
                pps,
                frameDuration,
                audioFrames.isEmpty() ? null : asc,
                rtpMaxPayload);
    }

    private static long parseTs(String v, String source) throws IOException {
        if (v == null || v.equals("N/A")) {
            throw new IOException("clip " + source + " has video packets without timestamps");
        }
        return Long.parseLong(v);
    }

    /** Converts {@code ts} in {@code num/den} seconds to 90 kHz ticks, rounding to the nearest tick. */
    static long to90k(long ts, long[] timeBase) {
        long num = ts * Clip.VIDEO_CLOCK * timeBase[0];
        return Math.floorDiv(num + timeBase[1] / 2, timeBase[1]);
    }
}
