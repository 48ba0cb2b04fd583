package io.zonecam.contracts.recording;

/**
 * RetentionClass is the key segment of a recording object that decides how long it lives, shared by the stream node
 * (which writes keys {@code <zone prefix><class>/<cameraId>/...}) and the infrastructure (which puts one bucket
 * lifecycle rule on each standard class of each zone).
 *
 * <p>{@link #R7}, {@link #R30} and {@link #R90} expire by those lifecycle rules, at no request cost; {@link #CUSTOM}
 * holds any other retention and is deleted by the nodes' retention job, so no lifecycle rule may touch it.
 */
public enum RetentionClass {
    R7("r7", 7),
    R30("r30", 30),
    R90("r90", 90),
    CUSTOM("rc", 0);

    private final String segment;
    private final int lifecycleDays;

    RetentionClass(String segment, int lifecycleDays) {
        this.segment = segment;
        this.lifecycleDays = lifecycleDays;
    }

    /** The key segment: {@code r7}, {@code r30}, {@code r90} or {@code rc}. */
    public String segment() {
        return segment;
    }

    /** Days after which the bucket lifecycle rule expires the objects; 0 for {@link #CUSTOM}, which has no rule. */
    public int lifecycleDays() {
        return lifecycleDays;
    }

    /** True when a bucket lifecycle rule expires this class. */
    public boolean expiresByLifecycle() {
        return lifecycleDays > 0;
    }

    /** The key prefix of this class under a zone prefix, e.g. {@code zones/euw1-a/r30/}. */
    public String keyPrefix(String zonePrefix) {
        return zonePrefix + segment + "/";
    }

    /** The class for a camera's retention in days: a standard class when one matches exactly, else custom. */
    public static RetentionClass forDays(int days) {
        if (days <= 0) {
            throw new IllegalArgumentException("retention days must be positive: " + days);
        }
        for (RetentionClass c : values()) {
            if (c.lifecycleDays == days) {
                return c;
            }
        }
        return CUSTOM;
    }

    /** The class whose key segment is {@code segment}. */
    public static RetentionClass ofSegment(String segment) {
        for (RetentionClass c : values()) {
            if (c.segment.equals(segment)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown retention class: " + segment);
    }

    /**
     * The key prefix of one zone's recordings, {@code zones/<zone>/}: the only part of the bucket the zone's nodes may
     * touch (the node gets it as its storage prefix).
     */
    public static String zonePrefix(String zone) {
        return "zones/" + zone + "/";
    }
}
