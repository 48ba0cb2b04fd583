package io.zonecam.webrtc.sfu;

import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.h264.AnnexB;
import io.zonecam.media.h264.H264Nal;
import io.zonecam.media.h264.H264Sps;
import io.zonecam.media.h264.LengthPrefixed;
import io.zonecam.testing.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TestClip is an H.264 clip made by ffmpeg at test time (never committed) and split into length-prefixed access
 * units with the media module, as a camera would deliver them.
 *
 * @param accessUnits        the pictures in decode order
 * @param keyframes          which pictures are IDR
 * @param compositionOffsets each picture's presentation time minus its decode time, in 90 kHz ticks (B-frames)
 * @param track              the track description with SPS and PPS
 * @param fps                frames per second
 */
record TestClip(List<byte[]> accessUnits, boolean[] keyframes, long[] compositionOffsets, TrackInfo track, int fps) {

    private static final Path DIR = Path.of("target", "test-media");
    private static final ConcurrentHashMap<String, TestClip> CACHE = new ConcurrentHashMap<>();

    /** 4 s of 640x360 at 25 fps, Constrained Baseline, a keyframe every second, SPS/PPS before each IDR. */
    static TestClip baseline360p() {
        return make("baseline-360p", 640, 360, 25, 4, "baseline", 25, 0);
    }

    /**
     * 4 s of 640x360 at 25 fps as ffmpeg's default libx264 makes it for a camera: High profile, two B-frames between
     * references (pyramid), a keyframe every second, SPS/PPS before each IDR.
     */
    static TestClip high360pWithBFrames() {
        return make("high-bframes-360p", 640, 360, 25, 4, "high", 25, 2);
    }

    /** The same camera set to send no B-frames: High profile, {@code -bf 0}. */
    static TestClip high360pWithoutBFrames() {
        return make("high-360p", 640, 360, 25, 4, "high", 25, 0);
    }

    static TestClip make(String name, int width, int height, int fps, int seconds, String profile, int gop, int bf) {
        return CACHE.computeIfAbsent(name, n -> generate(n, width, height, fps, seconds, profile, gop, bf));
    }

    private static TestClip generate(
            String name, int width, int height, int fps, int seconds, String profile, int gop, int bFrames) {
        try {
            Files.createDirectories(DIR);
            Path out = DIR.resolve(name + ".h264");
            Path mp4 = DIR.resolve(name + ".mp4");
            if (!Files.exists(out) || !Files.exists(mp4)) {
                List<String> encode = new ArrayList<>(List.of("-c:v", "libx264"));
                if (bFrames == 0) {
                    // zerolatency turns B-frames and lookahead off; a B-frame clip keeps ffmpeg's libx264 defaults
                    // (preset medium, B-pyramid), only the number of B-frames is set.
                    encode.addAll(List.of("-preset", "veryfast", "-tune", "zerolatency"));
                }
                encode.addAll(List.of(
                        "-profile:v",
                        profile,
                        "-g",
                        Integer.toString(gop),
                        "-keyint_min",
                        Integer.toString(gop),
                        "-sc_threshold",
                        "0",
                        "-bf",
                        Integer.toString(bFrames),
                        "-pix_fmt",
                        "yuv420p",
                        "-x264-params",
                        "repeat-headers=1"));
                Ffmpeg.encodeLavfi(
                        null,
                        mp4.toString(),
                        "testsrc2=size=" + width + "x" + height + ":rate=" + fps,
                        false,
                        seconds,
                        encode);
                // The same packets as Annex B; the MP4 keeps their presentation and decode times for ffprobe.
                Ffmpeg.extractH264(null, mp4.toString(), out);
            }
            List<byte[]> units = AnnexB.accessUnits(Files.readAllBytes(out), Codec.H264);
            long[] offsets = compositionOffsets(mp4);
            if (offsets.length != units.size()) {
                throw new IllegalStateException(units.size() + " access units but " + offsets.length + " packets");
            }
            boolean[] key = new boolean[units.size()];
            byte[] sps = null;
            byte[] pps = null;
            for (int i = 0; i < units.size(); i++) {
                key[i] = H264Nal.containsIdr(units.get(i));
                for (var nal : LengthPrefixed.split(units.get(i))) {
                    int type = H264Nal.type(nal.get(0));
                    if (type == H264Nal.SPS && sps == null) {
                        sps = nal.toByteArray();
                    } else if (type == H264Nal.PPS && pps == null) {
                        pps = nal.toByteArray();
                    }
                }
            }
            H264Sps parsed = H264Sps.parse(sps);
            TrackInfo track =
                    TrackInfo.video(1, Codec.H264, 90_000, List.of(sps, pps), parsed.width(), parsed.height());
            return new TestClip(List.copyOf(new ArrayList<>(units)), key, offsets, track, fps);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether any picture is presented later than it is decoded (the clip has B-frames). */
    boolean reordered() {
        for (long o : compositionOffsets) {
            if (o != compositionOffsets[0]) {
                return true;
            }
        }
        return false;
    }

    /** pts - dts of every packet in decode order, 90 kHz, from ffprobe. */
    private static long[] compositionOffsets(Path mp4) throws IOException {
        String timeBase = Ffmpeg.probe(null, mp4.toString(), "v:0", "stream=time_base", false)
                .get(0)
                .get("time_base");
        long tb = Long.parseLong(timeBase.substring(timeBase.indexOf('/') + 1));
        List<Map<String, String>> packets = Ffmpeg.packets(null, mp4.toString(), "v:0", "pts,dts");
        long[] o = new long[packets.size()];
        for (int i = 0; i < o.length; i++) {
            long pts = Long.parseLong(packets.get(i).get("pts"));
            long dts = Long.parseLong(packets.get(i).get("dts"));
            o[i] = (pts - dts) * 90_000 / tb;
        }
        return o;
    }
}
