package io.zonecam.bench.node;

/** Slope is an ordinary least-squares slope of samples over time, per hour. */
final class Slope {

    private Slope() {}

    /** The slope of {@code values} against {@code atMillis}, in value units per hour; 0 with fewer than 2 samples. */
    static double perHour(long[] atMillis, double[] values) {
        int n = atMillis.length;
        if (n < 2) {
            return 0;
        }
        double mt = 0;
        double mv = 0;
        for (int i = 0; i < n; i++) {
            mt += atMillis[i];
            mv += values[i];
        }
        mt /= n;
        mv /= n;
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (atMillis[i] - mt) * (values[i] - mv);
            den += (atMillis[i] - mt) * (atMillis[i] - mt);
        }
        return den == 0 ? 0 : num / den * 3_600_000.0;
    }
}
