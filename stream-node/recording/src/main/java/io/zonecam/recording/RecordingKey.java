package io.zonecam.recording;

import io.zonecam.contracts.recording.ObjectLayout;
import io.zonecam.contracts.recording.RetentionClass;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RecordingKey is the object-store key of one recording object and its parts:
 * {@code <prefix><class>/<cameraId>/<yyyy>/<mm>/<dd>/<hh>/<startMillis>-<endMillis>-<sessionId>.mp4}.
 *
 * <p>The date path is the UTC hour of {@code startMillis}; times are capture wall-clock milliseconds since the
 * epoch (start floored, end ceiled, so the key's span covers the media). Epoch milliseconds have 13 digits until
 * the year 2286, so keys of one camera and class sort by start time. The key is also the spool file name (with
 * {@code /} replaced by {@code +}), which makes uploads after a restart idempotent: the same file always goes to
 * the same key.
 *
 * @param prefix         zone prefix, empty or ending with {@code /} (e.g. {@code zones/eu-1/})
 * @param retentionClass the retention class
 * @param cameraId       the camera id
 * @param startMillis    capture time of the first frame
 * @param endMillis      capture time of the end of the last frame (last frame time + its duration)
 * @param sessionId      the publish session that recorded the object
 */
public record RecordingKey(
        String prefix,
        RetentionClass retentionClass,
        String cameraId,
        long startMillis,
        long endMillis,
        String sessionId) {

    /** Camera ids: the contracts' ids plus {@code .} and {@code _}; never a path separator. */
    public static final Pattern CAMERA_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    /** Session ids: short lowercase alphanumerics. */
    public static final Pattern SESSION_ID = Pattern.compile("[a-z0-9]{4,32}");
    /** Prefixes: path-safe characters, empty or ending with a slash. */
    public static final Pattern PREFIX = Pattern.compile("(?:[A-Za-z0-9._-]+/)*");

    private static final Pattern KEY = Pattern.compile(
            "(.*?)(r7|r30|r90|rc)/([^/]+)/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/(\\d{13})-(\\d{13})-([a-z0-9]{4,32})\\.mp4");
    private static final long MIN_MILLIS = 1_000_000_000_000L; // 2001: 13 digits
    private static final long MAX_MILLIS = 9_999_999_999_999L;

    public RecordingKey {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("bad key prefix: " + prefix);
        }
        if (!CAMERA_ID.matcher(cameraId).matches()) {
            throw new IllegalArgumentException("bad camera id: " + cameraId);
        }
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("bad session id: " + sessionId);
        }
        if (startMillis < MIN_MILLIS || startMillis > MAX_MILLIS || endMillis < startMillis || endMillis > MAX_MILLIS) {
            throw new IllegalArgumentException("bad time range " + startMillis + ".." + endMillis);
        }
    }

    /** The key string. */
    public String key() {
        return cameraPrefix(prefix, retentionClass, cameraId) + hourPath(startMillis) + startMillis + "-" + endMillis
                + "-" + sessionId + ".mp4";
    }

    /** {@code <prefix><class>/<cameraId>/}: every object of a camera in one class sorts under it by time. */
    public static String cameraPrefix(String prefix, RetentionClass retentionClass, String cameraId) {
        return retentionClass.keyPrefix(prefix) + cameraId + "/";
    }

    /** {@code yyyy/mm/dd/hh/} of a UTC instant. */
    public static String hourPath(long epochMillis) {
        return ObjectLayout.hourPath(epochMillis);
    }

    /** Duration covered by the key in milliseconds. */
    public long durationMillis() {
        return endMillis - startMillis;
    }

    /** True when the key's span intersects {@code [fromMillis, toMillis)}. */
    public boolean overlaps(long fromMillis, long toMillis) {
        return endMillis > fromMillis && startMillis < toMillis;
    }

    /** The spool file name of this object: the key with {@code /} replaced by {@code +}. */
    public String fileName() {
        return key().replace('/', '+');
    }

    /** Parses a key written by {@link #key()}; throws {@link IllegalArgumentException} for anything else. */
    public static RecordingKey parse(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a recording key: " + key);
        }
        RecordingKey k = new RecordingKey(
                m.group(1),
                RetentionClass.ofSegment(m.group(2)),
                m.group(3),
                Long.parseLong(m.group(8)),
                Long.parseLong(m.group(9)),
                m.group(10));
        String hour = m.group(4) + "/" + m.group(5) + "/" + m.group(6) + "/" + m.group(7) + "/";
        if (!hour.equals(hourPath(k.startMillis))) {
            throw new IllegalArgumentException("hour path does not match the start time: " + key);
        }
        return k;
    }

    /** Parses a key, or returns null when it is not a recording key (foreign objects under a prefix). */
    public static RecordingKey tryParse(String key) {
        try {
            return parse(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Parses a spool file name written by {@link #fileName()}. */
    public static RecordingKey fromFileName(String fileName) {
        return parse(fileName.replace('+', '/'));
    }
}
