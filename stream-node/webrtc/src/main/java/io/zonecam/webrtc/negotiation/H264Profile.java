package io.zonecam.webrtc.negotiation;

import java.util.EnumSet;
import java.util.Set;

/** H264Profile names the H.264 profiles that matter for WebRTC codec matching (RFC 6184 §8.1, H.264 Annex A). */
public enum H264Profile {
    CONSTRAINED_BASELINE,
    BASELINE,
    MAIN,
    EXTENDED,
    HIGH,
    PROGRESSIVE_HIGH,
    CONSTRAINED_HIGH,
    HIGH_10,
    HIGH_422,
    HIGH_444,
    OTHER;

    /**
     * True when a decoder conforming to this profile decodes every stream of {@code stream}'s profile (H.264 Annex A:
     * Constrained Baseline is the common subset; Main and the High family contain it; High contains Main).
     */
    public boolean decodes(H264Profile stream) {
        return decodable().contains(stream);
    }

    private Set<H264Profile> decodable() {
        return switch (this) {
            case CONSTRAINED_BASELINE -> EnumSet.of(CONSTRAINED_BASELINE);
            case BASELINE -> EnumSet.of(CONSTRAINED_BASELINE, BASELINE);
            case MAIN -> EnumSet.of(CONSTRAINED_BASELINE, MAIN);
            case EXTENDED -> EnumSet.of(CONSTRAINED_BASELINE, BASELINE, EXTENDED);
            case HIGH -> EnumSet.of(CONSTRAINED_BASELINE, MAIN, HIGH, PROGRESSIVE_HIGH, CONSTRAINED_HIGH);
            case PROGRESSIVE_HIGH -> EnumSet.of(CONSTRAINED_BASELINE, PROGRESSIVE_HIGH, CONSTRAINED_HIGH);
            case CONSTRAINED_HIGH -> EnumSet.of(CONSTRAINED_BASELINE, CONSTRAINED_HIGH);
            case HIGH_10 -> EnumSet.of(CONSTRAINED_BASELINE, MAIN, HIGH, PROGRESSIVE_HIGH, CONSTRAINED_HIGH, HIGH_10);
            case HIGH_422 ->
                EnumSet.of(CONSTRAINED_BASELINE, MAIN, HIGH, PROGRESSIVE_HIGH, CONSTRAINED_HIGH, HIGH_10, HIGH_422);
            case HIGH_444 ->
                EnumSet.of(
                        CONSTRAINED_BASELINE,
                        MAIN,
                        HIGH,
                        PROGRESSIVE_HIGH,
                        CONSTRAINED_HIGH,
                        HIGH_10,
                        HIGH_422,
                        HIGH_444);
            case OTHER -> EnumSet.noneOf(H264Profile.class);
        };
    }
}
