package io.zonecam.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The durations the simulator and verify-recordings take on their command lines. */
class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsEachUnitIso8601AndBareSeconds() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(converter.convert(" 2h ")).isEqualTo(Duration.ofHours(2));
        assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("120")).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void refusesAnUnknownUnitOrNoNumber() {
        assertThatThrownBy(() -> converter.convert("3d")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("m")).isInstanceOf(NumberFormatException.class);
    }
}
