package io.zonecam.sim.clip;

import io.zonecam.media.aac.AudioSpecificConfig;
import io.zonecam.media.h264.AvcDecoderConfigurationRecord;
import java.util.HexFormat;
import java.util.List;

/**
 * Clip is a pre-encoded H.264 (+AAC) clip parsed once into access units and shared read-only by every simulated
 * camera: per frame a camera only adds its frame marker and its own timestamps.
 *
 * <p>Video timestamps are in 90 kHz ticks with the first frame's dts at 0; the clip loops every
 * {@link #loopDuration()} ticks, which is the frame count times the frame duration, so timestamps stay continuous
 * across loops. Audio loops on its own cycle of {@link #audio()} frames of {@link #AAC_FRAME_SAMPLES} samples: it is
 * a tone, and pacing each track by its own clock keeps both free of drift whatever the clip lengths are.
 *
 * @param source           where the clip came from (for logs)
 * @param video            access units in decode order
 * @param audio            raw AAC frames, empty when the clip has no audio
 * @param width            picture width from the SPS
 * @param height           picture height from the SPS
 * @param sps              the sequence parameter set NAL unit (header byte included)
 * @param pps              the picture parameter set NAL unit
 * @param frameDuration    90 kHz ticks per frame
 * @param audioConfig      the AAC AudioSpecificConfig, null without audio
 * @param rtpMaxPayload    the RTP payload size the video was packetized for
 */
public record Clip(
        String source,
        List<VideoFrame> video,
        List<byte[]> audio,
        int width,
        int height,
        byte[] sps,
        byte[] pps,
        long frameDuration,
        AudioSpecificConfig audioConfig,
        int rtpMaxPayload) {

    /** The 90 kHz clock of video timestamps (RFC 6184 §8.2.1). */
    public static final int VIDEO_CLOCK = 90_000;
    /** Samples per AAC-LC frame. */
    public static final int AAC_FRAME_SAMPLES = 1024;

    /**
     * VideoFrame is one access unit split where the frame marker goes: {@code prefix} holds the non-VCL NAL units
     * (AUD, SPS, PPS, SEI) in front of the first slice, {@code body} the slices; both 4-byte length-prefixed. The
     * same split is kept pre-packetized as RTP payloads (RFC 6184 mode 1) so RTSP sending is copy-only.
     *
     * @param index     position in decode order
     * @param dts       decode time, 90 kHz, first frame at 0
     * @param pts       presentation time, 90 kHz
     * @param keyframe  true for an IDR access unit
     * @param prefix    non-VCL NAL units before the first slice, length-prefixed (may be empty)
     * @param body      the slices and what follows them, length-prefixed
     * @param rtpPrefix RTP payloads of {@code prefix}
     * @param rtpBody   RTP payloads of {@code body}; the last one carries the marker bit
     */
    public record VideoFrame(
            int index,
            long dts,
            long pts,
            boolean keyframe,
            byte[] prefix,
            byte[] body,
            List<byte[]> rtpPrefix,
            List<byte[]> rtpBody) {

        /** Length-prefixed size of the access unit without a marker. */
        public int size() {
            return prefix.length + body.length;
        }
    }

    public Clip {
        video = List.copyOf(video);
        audio = List.copyOf(audio);
        if (video.isEmpty() || !video.get(0).keyframe()) {
            throw new IllegalArgumentException("a clip must start with an IDR access unit");
        }
    }

    /** Video frames per loop. */
    public int frameCount() {
        return video.size();
    }

    /** Loop length in 90 kHz ticks. */
    public long loopDuration() {
        return frameDuration * video.size();
    }

    /** True when presentation order differs from decode order (B-frames: composition offsets). */
    public boolean hasCompositionOffsets() {
        for (VideoFrame f : video) {
            if (f.pts() != f.dts()) {
                return true;
            }
        }
        return false;
    }

    /** True when the clip has an AAC track. */
    public boolean hasAudio() {
        return audioConfig != null && !audio.isEmpty();
    }

    /** The audio sample rate (also the RTP clock of the AAC stream), 0 without audio. */
    public int audioRate() {
        return hasAudio() ? audioConfig.sampleRate() : 0;
    }

    /** Frames per second. */
    public double fps() {
        return (double) VIDEO_CLOCK / frameDuration;
    }

    /** The avcC record for RTMP's AVC sequence header. */
    public byte[] avcDecoderConfiguration() {
        return AvcDecoderConfigurationRecord.of(sps, List.of(pps)).toByteArray();
    }

    /** RFC 6184 §8.1 profile-level-id: profile_idc, constraint flags, level_idc as six hex digits. */
    public String profileLevelId() {
        return HexFormat.of().formatHex(sps, 1, 4);
    }

    /** Average video bit rate of the clip in bits per second (marker not counted). */
    public long videoBitsPerSecond() {
        long bytes = 0;
        for (VideoFrame f : video) {
            bytes += f.size();
        }
        return bytes * 8 * VIDEO_CLOCK / loopDuration();
    }

    /** Average audio bit rate in bits per second, 0 without audio. */
    public long audioBitsPerSecond() {
        if (!hasAudio()) {
            return 0;
        }
        long bytes = 0;
        for (byte[] a : audio) {
            bytes += a.length;
        }
        return bytes * 8 * audioRate() / ((long) audio.size() * AAC_FRAME_SAMPLES);
    }

    /** A one-line description for logs. */
    public String describe() {
        return String.format(
                "%s: %dx%d %.2f fps, %d frames (%.2f s loop), %s, video %d kb/s%s",
                source,
                width,
                height,
                fps(),
                frameCount(),
                loopDuration() / (double) VIDEO_CLOCK,
                hasCompositionOffsets() ? "B-frames" : "no B-frames",
                videoBitsPerSecond() / 1000,
                hasAudio()
                        ? String.format(
                                ", AAC %d Hz %d ch %d kb/s",
                                audioRate(), audioConfig.channels(), audioBitsPerSecond() / 1000)
                        : ", no audio");
    }
}
