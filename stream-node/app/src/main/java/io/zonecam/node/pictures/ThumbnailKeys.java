package io.zonecam.node.pictures;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.recording.RecordingKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ThumbnailKeys names thumbnail packs in the object store: one pack per publish session and camera-hour, beside that
 * hour's recordings, so the bucket's lifecycle rules on the retention-class prefixes expire them with the recordings
 * and the custom class is walked by the same prefix:
 * {@code <prefix><class>/<camera>/<yyyy>/<mm>/<dd>/<hh>/thumbs-<hourMillis>-<session>.zctp}.
 * Recording readers skip these keys (they are not recording keys).
 */
final class ThumbnailKeys {

    static final String NAME_PREFIX = "thumbs-";
    static final String SUFFIX = ".zctp";
    static final long HOUR_MILLIS = 3_600_000L;

    private static final Pattern NAME = Pattern.compile("thumbs-(\\d{13})-([a-z0-9]{4,32})\\.zctp");
    /** The {@code yyyy/mm/dd/hh/} part of any key under a camera prefix. */
    private static final Pattern HOUR_PATH = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/[^/]+");

    private ThumbnailKeys() {}

    /** The key of one session's pack of the hour starting at {@code hourMillis}. */
    static String key(String prefix, RetentionClass retention, String cameraId, long hourMillis, String sessionId) {
        return hourPrefix(prefix, retention, cameraId, hourMillis) + NAME_PREFIX + hourMillis + "-" + sessionId
                + SUFFIX;
    }

    /** The folder of one camera-hour: its recordings and thumbnail packs. */
    static String hourPrefix(String prefix, RetentionClass retention, String cameraId, long hourMillis) {
        return RecordingKey.cameraPrefix(prefix, retention, cameraId) + RecordingKey.hourPath(hourMillis);
    }

    /** True for the key of a thumbnail pack. */
    static boolean isPack(String key) {
        return NAME.matcher(key.substring(key.lastIndexOf('/') + 1)).matches();
    }

    /**
     * The start of the UTC hour a key under {@code cameraPrefix} belongs to (its date path), or -1 when the key has
     * no date path there.
     */
    static long hourOf(String key, String cameraPrefix) {
        if (!key.startsWith(cameraPrefix)) {
            return -1;
        }
        Matcher m = HOUR_PATH.matcher(key.substring(cameraPrefix.length()));
        if (!m.matches()) {
            return -1;
        }
        try {
            return java.time.LocalDateTime.of(
                                    Integer.parseInt(m.group(1)),
                                    Integer.parseInt(m.group(2)),
                                    Integer.parseInt(m.group(3)),
                                    Integer.parseInt(m.group(4)),
                                    0)
                            .toEpochSecond(java.time.ZoneOffset.UTC)
                    * 1000;
        } catch (java.time.DateTimeException e) {
            return -1;
        }
    }
}
