package io.zonecam.sim;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * DurationConverter reads the simulator's durations on the command line: {@code 500ms}, {@code 90s}, {@code 10m},
 * {@code 2h}, a bare number of seconds ({@code 90}) or ISO-8601 ({@code PT90S}).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt")) {
            return Duration.parse(v);
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        char unit = s.isEmpty() ? 's' : s.charAt(s.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new CommandLine.TypeConversionException("not a duration: " + v);
        };
    }
}
