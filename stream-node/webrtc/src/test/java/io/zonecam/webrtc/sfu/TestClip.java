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
import java.util.concurrent.ConcurrentHashMap;

/**
 * TestClip is an H.264 clip made by ffmpeg at test time (never committed) and split into length-prefixed access
 * units with the media module, as a camera would deliver them.
 *
 * @param accessUnits the pictures in decode order
 * @param keyframes   which pictures are IDR
 * @param track       the track description with SPS and PPS
 * @param fps         frames per second
 */
record TestClip(List<byte[]> accessUnits, boolean[] keyframes, TrackInfo track, int fps) {

    private static final Path DIR = Path.of("target", "test-media");
    private static final ConcurrentHashMap<String, TestClip> CACHE = new ConcurrentHashMap<>();

    /** 4 s of 640x360 at 25 fps, Constrained Baseline, a keyframe every second, SPS/PPS before each IDR. */
    static TestClip baseline360p() {
        return make("baseline-360p", 640, 360, 25, 4, "baseline", 25);
    }

    static TestClip make(String name, int width, int height, int fps, int seconds, String profile, int gop) {
        return CACHE.computeIfAbsent(name, n -> generate(n, width, height, fps, seconds, profile, gop));
    }

    private static TestClip generate(
            String name, int width, int height, int fps, int seconds, String profile, int gop) {
        try {
            Files.createDirectories(DIR);
            Path out = DIR.resolve(name + ".h264");
            if (!Files.exists(out)) {
                Ffmpeg.check(
                        null,
                        List.of(
                                "/usr/bin/ffmpeg",
                                "-hide_banner",
                                "-loglevel",
                                "error",
                                "-y",
                                "-f",
                                "lavfi",
                                "-i",
                                "testsrc2=size=" + width + "x" + height + ":rate=" + fps,
                                "-t",
                                Integer.toString(seconds),
                                "-c:v",
                                "libx264",
                                "-preset",
                                "veryfast",
                                "-tune",
                                "zerolatency",
                                "-profile:v",
                                profile,
                                "-g",
                                Integer.toString(gop),
                                "-bf",
                                "0",
                                "-pix_fmt",
                                "yuv420p",
                                "-x264-params",
                                "repeat-headers=1",
                                "-f",
                                "h264",
                                out.toString()));
            }
            List<byte[]> units = AnnexB.accessUnits(Files.readAllBytes(out), Codec.H264);
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
            return new TestClip(List.copyOf(new ArrayList<>(units)), key, track, fps);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
