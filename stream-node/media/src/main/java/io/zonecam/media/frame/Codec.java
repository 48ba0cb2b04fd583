package io.zonecam.media.frame;

/** Codec names the elementary stream formats Zonecam ingests, records and serves. */
public enum Codec {
    H264(true),
    H265(true),
    AAC(false),
    OPUS(false),
    PCMU(false),
    PCMA(false);

    private final boolean video;

    Codec(boolean video) {
        this.video = video;
    }

    /** True for video codecs, false for audio codecs. */
    public boolean isVideo() {
        return video;
    }
}
