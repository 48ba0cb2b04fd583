package io.zonecam.media.sdp;

/** SessionDescriptionTestAccess shares the captured SDP samples with tests in other packages. */
public final class SessionDescriptionTestAccess {

    private SessionDescriptionTestAccess() {}

    public static String ffmpegAnnounce() {
        return SessionDescriptionTest.FFMPEG_ANNOUNCE;
    }

    public static String ffmpegAnnounceH265() {
        return SessionDescriptionTest.FFMPEG_ANNOUNCE_H265;
    }

    public static String chromeOffer() {
        return SessionDescriptionTest.CHROME_OFFER;
    }
}
