package io.zonecam.control.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.control.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** TargetGuard in production mode (no loopback) and in development mode; IP literals only, so no DNS is needed. */
class TargetGuardTest {

    final TargetGuard production = new TargetGuard(false);
    final TargetGuard development = new TargetGuard(true);

    @Test
    void shouldRefuseLoopbackInProduction() {
        for (String url : new String[] {
            "https://127.0.0.1/",
            "https://127.9.9.9:8443/x",
            "https://[::1]/",
            "https://[::ffff:127.0.0.1]/",
            "http://127.0.0.1/"
        }) {
            assertThatThrownBy(() -> production.check("url", url))
                    .as(url)
                    .isInstanceOf(ProblemException.class)
                    .hasMessageContaining("url:");
        }
    }

    @Test
    void shouldAllowLoopbackAndPlainHttpToItOnlyInDevelopment() {
        TargetGuard.Target t = development.check("url", "http://127.0.0.1:8081/hooks?a=b");
        assertThat(t.tls()).isFalse();
        assertThat(t.port()).isEqualTo(8081);
        assertThat(t.address().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> development.check("url", "https://10.1.2.3/")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> development.check("url", "http://8.8.8.8/")).hasMessageContaining("https");
    }

    @Test
    void shouldAcceptPublicHttpsTargets() {
        TargetGuard.Target t = production.check("url", "https://8.8.8.8/hooks");
        assertThat(t.tls()).isTrue();
        assertThat(t.port()).isEqualTo(443);
        assertThat(production
                        .check("url", "https://[2001:4860:4860::8888]:8443/")
                        .port())
                .isEqualTo(8443);
    }

    @Test
    void shouldRefuseEveryReservedRange() {
        for (String host : new String[] {
            "0.1.2.3", "10.255.0.1", "100.127.255.255", "169.254.169.254", "172.31.0.1", "192.0.0.8", "192.168.0.1",
            "198.19.0.1", "224.0.0.1", "255.255.255.255", "[fc00::1]", "[fe80::1]", "[ff02::1]", "[::]",
            "[64:ff9b::c0a8:1]"
        }) {
            assertThatThrownBy(() -> production.check("url", "https://" + host + "/"))
                    .as(host)
                    .isInstanceOf(ProblemException.class);
        }
        assertThat(production.check("url", "https://100.128.0.1/").port()).isEqualTo(443);
        assertThat(production.check("url", "https://172.32.0.1/").port()).isEqualTo(443);
    }
}
