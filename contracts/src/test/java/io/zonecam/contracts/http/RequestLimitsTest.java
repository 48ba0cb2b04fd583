package io.zonecam.contracts.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLimitsTest {

    // "Host: a\r\n" is 9 bytes, "X-Long: 1234\r\n" 14: 23 in all.
    static final List<Map.Entry<String, String>> HEADERS = List.of(Map.entry("Host", "a"), Map.entry("X-Long", "1234"));
    static final RequestLimits LIMITS = new RequestLimits(10, 23, 100);

    @Test
    void shouldTakeARequestAtEveryLimit() {
        assertThat(LIMITS.check("/123456789", HEADERS, "100")).isNull();
        assertThat(LIMITS.check("/", List.of(), null)).isNull();
    }

    @Test
    void shouldRefuseEachLimitWithItsStatus() {
        assertThat(LIMITS.check("/1234567890", HEADERS, null).status()).isEqualTo(414);
        assertThat(LIMITS.check("/", List.of(Map.entry("Host", "ab"), Map.entry("X-Long", "1234")), null))
                .isEqualTo(new RequestLimits.Refusal(431, "The request headers are larger than 23 bytes."));
        assertThat(LIMITS.check("/", HEADERS, " 101 "))
                .isEqualTo(new RequestLimits.Refusal(413, "The request body is larger than 100 bytes."));
    }

    @Test
    void shouldLeaveALengthThatIsNotANumberToTheDecoder() {
        assertThat(LIMITS.check("/", HEADERS, "ten")).isNull();
    }
}
