package io.zonecam.iac.config;

/**
 * RetentionClass is the retention part of a recording's object key, {@code zones/<zone>/<class>/<cameraId>/...}.
 *
 * <p>Fixed classes expire by S3 lifecycle rules; {@link #RC} (custom retention) is deleted by the control plane's
 * retention job, so no lifecycle rule touches it.
 */
public enum RetentionClass {
    R7("r7", 7),
    R30("r30", 30),
    R90("r90", 90),
    RC("rc", 0);

    private final String prefix;
    private final int days;

    RetentionClass(String prefix, int days) {
        this.prefix = prefix;
        this.days = days;
    }

    /** The key segment, e.g. {@code r30}. */
    public String prefix() {
        return prefix;
    }

    /** Days until S3 expires the objects; 0 for the custom class. */
    public int days() {
        return days;
    }

    /** True when an S3 lifecycle rule expires this class. */
    public boolean expiresByLifecycle() {
        return days > 0;
    }

    /** The key prefix of this class in one zone, e.g. {@code zones/euw1-a/r30/}. */
    public String keyPrefix(String zone) {
        return zonePrefix(zone) + prefix + "/";
    }

    /** The key prefix of one zone, {@code zones/<zone>/}: the only part of the bucket its nodes may touch. */
    public static String zonePrefix(String zone) {
        return "zones/" + zone + "/";
    }
}
