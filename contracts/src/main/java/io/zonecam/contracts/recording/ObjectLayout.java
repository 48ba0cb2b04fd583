package io.zonecam.contracts.recording;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * ObjectLayout is the part of the recording key layout that more than the node needs: the UTC hour directories under
 * a camera, {@code <zone prefix><class>/<cameraId>/<yyyy>/<mm>/<dd>/<hh>/<object>}, which the control plane uses to
 * scope signed CDN URLs to a camera and a time range without listing any object.
 */
public final class ObjectLayout {

    private ObjectLayout() {}

    /** {@code yyyy/mm/dd/hh/} of a UTC instant: the directory of objects that start in that hour. */
    public static String hourPath(long epochMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        return String.format("%04d/%02d/%02d/%02d/", t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour());
    }

    /**
     * A CloudFront resource path pattern ({@code *} matches any characters) for the objects of {@code cameraId}, in
     * any zone and class, that start between {@code fromMillis} and {@code toMillis}: the hour directories' longest
     * common whole-directory prefix, e.g. {@code zones/*}{@code /cam-1/2026/12/06/*} for a range inside one day.
     */
    public static String cameraObjectsPattern(String cameraId, long fromMillis, long toMillis) {
        String a = hourPath(fromMillis);
        String b = hourPath(toMillis);
        int common = 0;
        for (int i = 0; i < a.length() && a.charAt(i) == b.charAt(i); i++) {
            if (a.charAt(i) == '/') {
                common = i + 1;
            }
        }
        return RetentionClass.zonePrefix("*") + cameraId + "/" + a.substring(0, common) + "*";
    }
}
