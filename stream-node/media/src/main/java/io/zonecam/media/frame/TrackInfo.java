package io.zonecam.media.frame;

import java.util.List;

/**
 * TrackInfo describes one elementary stream of a camera: its codec, timescale and decoder configuration.
 *
 * <p>For H.264 {@code parameterSets} holds SPS then PPS NAL units (without start codes); for H.265 VPS, SPS, PPS.
 * For AAC {@code audioSpecificConfig} holds the ISO 14496-3 AudioSpecificConfig. Width/height are 0 when unknown
 * (audio, or video before its first SPS).
 *
 * @param trackId             1-based track number, stable for the life of a publish session
 * @param codec               the codec
 * @param timescale           ticks per second of the frames' timestamps (90000 for RTP video, sample rate for audio)
 * @param parameterSets       video parameter sets, may be empty until the first in-band ones arrive
 * @param audioSpecificConfig AAC decoder config, empty for other codecs
 * @param sampleRate          audio sample rate in Hz, 0 for video
 * @param channels            audio channels, 0 for video
 * @param width               video width in pixels, 0 when unknown
 * @param height              video height in pixels, 0 when unknown
 */
public record TrackInfo(
        int trackId,
        Codec codec,
        int timescale,
        List<byte[]> parameterSets,
        byte[] audioSpecificConfig,
        int sampleRate,
        int channels,
        int width,
        int height) {

    public TrackInfo {
        if (trackId <= 0) {
            throw new IllegalArgumentException("trackId must be positive: " + trackId);
        }
        if (timescale <= 0) {
            throw new IllegalArgumentException("timescale must be positive: " + timescale);
        }
        parameterSets = List.copyOf(parameterSets);
        audioSpecificConfig = audioSpecificConfig == null ? new byte[0] : audioSpecificConfig;
    }

    /** A video track description. */
    public static TrackInfo video(
            int trackId, Codec codec, int timescale, List<byte[]> parameterSets, int width, int height) {
        return new TrackInfo(trackId, codec, timescale, parameterSets, new byte[0], 0, 0, width, height);
    }

    /** An audio track description. */
    public static TrackInfo audio(
            int trackId, Codec codec, int timescale, byte[] audioSpecificConfig, int sampleRate, int channels) {
        return new TrackInfo(trackId, codec, timescale, List.of(), audioSpecificConfig, sampleRate, channels, 0, 0);
    }

    /** True when this is a video track. */
    public boolean isVideo() {
        return codec.isVideo();
    }
}
