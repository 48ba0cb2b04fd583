package io.zonecam.webrtc.negotiation;

import java.util.HexFormat;
import java.util.Locale;

/**
 * H264ProfileLevelId is the three bytes of an H.264 {@code profile-level-id} (RFC 6184 §8.1): profile_idc, the
 * profile-iop constraint flags and level_idc, as they appear in SDP or in a sequence parameter set.
 *
 * @param profileIdc profile_idc (66 Baseline, 77 Main, 88 Extended, 100 High, ...)
 * @param profileIop constraint_set0..5 flags in the high six bits (RFC 6184 §8.1 "profile-iop")
 * @param levelIdc   level_idc (31 for level 3.1; 11 with constraint_set3 means level 1b in non-High profiles)
 */
public record H264ProfileLevelId(int profileIdc, int profileIop, int levelIdc) {

    /** RFC 6184 §8.1: without profile-level-id, Baseline at level 1 is implied. */
    public static final H264ProfileLevelId DEFAULT = new H264ProfileLevelId(0x42, 0x00, 0x0A);

    private static final int CS0 = 0x80;
    private static final int CS1 = 0x40;
    private static final int CS3 = 0x10;
    private static final int CS4 = 0x08;
    private static final int CS5 = 0x04;

    public H264ProfileLevelId {
        if ((profileIdc | profileIop | levelIdc) >>> 8 != 0) {
            throw new IllegalArgumentException("profile-level-id fields are single bytes");
        }
    }

    /** Parses six hex digits such as {@code 42e01f}; {@code null} when the text is not exactly that. */
    public static H264ProfileLevelId parse(String hex) {
        if (hex == null || hex.length() != 6) {
            return null;
        }
        for (int i = 0; i < 6; i++) {
            if (!HexFormat.isHexDigit(hex.charAt(i))) {
                return null;
            }
        }
        int v = HexFormat.fromHexDigits(hex);
        return new H264ProfileLevelId(v >>> 16, (v >>> 8) & 0xFF, v & 0xFF);
    }

    /**
     * Reads profile_idc, the constraint flags and level_idc from an SPS NAL unit (with its one-byte NAL header,
     * without start code, ITU-T H.264 §7.3.2.1.1); {@code null} when it is not an SPS.
     */
    public static H264ProfileLevelId fromSps(byte[] sps) {
        if (sps == null || sps.length < 4 || (sps[0] & 0x1F) != 7) {
            return null;
        }
        // The constraint byte's two low bits are reserved_zero_2bits; profile-iop carries them as sent.
        return new H264ProfileLevelId(sps[1] & 0xFF, sps[2] & 0xFF, sps[3] & 0xFF);
    }

    /** The profile these bytes denote per RFC 6184 §8.1 Table 5 and the High-profile constraint flags. */
    public H264Profile profile() {
        return switch (profileIdc) {
            case 0x42 -> (profileIop & CS1) != 0 ? H264Profile.CONSTRAINED_BASELINE : H264Profile.BASELINE;
            case 0x4D -> (profileIop & CS0) != 0 ? H264Profile.CONSTRAINED_BASELINE : H264Profile.MAIN;
            case 0x58 ->
                (profileIop & CS0) == 0
                        ? H264Profile.EXTENDED
                        : (profileIop & CS1) != 0 ? H264Profile.CONSTRAINED_BASELINE : H264Profile.BASELINE;
            case 0x64 ->
                (profileIop & (CS4 | CS5)) == (CS4 | CS5)
                        ? H264Profile.CONSTRAINED_HIGH
                        : (profileIop & CS4) != 0 ? H264Profile.PROGRESSIVE_HIGH : H264Profile.HIGH;
            case 0x6E -> H264Profile.HIGH_10;
            case 0x7A -> H264Profile.HIGH_422;
            case 0xF4 -> H264Profile.HIGH_444;
            default -> H264Profile.OTHER;
        };
    }

    /**
     * A number that orders levels: level_idc × 2, with level 1b (level_idc 11 and constraint_set3 outside the High
     * profiles, or level_idc 9) placed between level 1 and level 1.1.
     */
    public int levelOrder() {
        boolean level1b = levelIdc == 9
                || (levelIdc == 11
                        && (profileIop & CS3) != 0
                        && profileIdc != 0x64
                        && profileIdc != 0x6E
                        && profileIdc != 0x7A
                        && profileIdc != 0xF4);
        return level1b ? 21 : levelIdc * 2;
    }

    /** The six lower-case hex digits SDP writes. */
    public String toHex() {
        return String.format(Locale.ROOT, "%02x%02x%02x", profileIdc, profileIop, levelIdc);
    }

    @Override
    public String toString() {
        return toHex() + " (" + profile() + ")";
    }
}
