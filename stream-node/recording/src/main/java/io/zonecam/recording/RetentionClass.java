package io.zonecam.recording;

/**
 * RetentionClass is the key segment that decides how long an object lives: three standard classes expired by
 * bucket lifecycle rules on their prefix, and {@link #CUSTOM} for any other retention, deleted by
 * {@link RetentionJob}.
 */
public enum RetentionClass {
    R7("r7", 7),
    R30("r30", 30),
    R90("r90", 90),
    CUSTOM("rc", -1);

    private final String segment;
    private final int days;

    RetentionClass(String segment, int days) {
        this.segment = segment;
        this.days = days;
    }

    /** The key segment ({@code r7}, {@code r30}, {@code r90} or {@code rc}). */
    public String segment() {
        return segment;
    }

    /** Days kept by the lifecycle rule, or -1 for {@link #CUSTOM}. */
    public int days() {
        return days;
    }

    /** The class for a camera's retention in days: a standard class when one matches exactly, else custom. */
    public static RetentionClass forDays(int days) {
        if (days <= 0) {
            throw new IllegalArgumentException("retention days must be positive: " + days);
        }
        for (RetentionClass c : values()) {
            if (c.days == days) {
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
}
