package io.zonecam.iac.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ZonesConfigTest {

    static String zones(String zonesArray) {
        return """
                {"controlPlane": {"cidr": "10.0.0.0/16", "tokenIssuer": "https://api.example.test"},
                 "playbackCdn": {"publicKeyFile": "keys/cdn.pem"},
                 "deviceBus": {"caCertificateFile": "keys/ca.pem"},
                 "zones": %s}
                """.formatted(zonesArray);
    }

    /** A configuration of the given zones (each from {@link #zone}). */
    static String zoneList(String... zones) {
        return zones("[" + String.join(",", zones) + "]");
    }

    static String zone(String name, String cidr, int min, int max) {
        return """
                {"name": "%s", "cidr": "%s", "minCapacity": %d, "maxCapacity": %d}""".formatted(name, cidr, min, max);
    }

    @Test
    void shouldLoadTheSampleZonesFileWithDefaults() {
        ZonesConfig config = ZonesConfig.load(Path.of("zones.json"));
        assertThat(config.zones()).extracting(ZonesConfig.Zone::name).containsExactly("euw1-a", "euw1-b");
        assertThat(config.controlPlane().natGateways()).isEqualTo(1);
        ZonesConfig parsed = ZonesConfig.parse(zoneList(zone("a1", "10.1.0.0/16", 1, 3)), "test");
        assertThat(parsed.zone("a1").instanceType()).isEqualTo("c7gn.xlarge");
        assertThat(parsed.zone("a1").spoolGiB()).isEqualTo(200);
        assertThat(parsed.controlPlane().lambdaMemoryMiB()).isEqualTo(2048);
    }

    @Test
    void shouldRejectDuplicateZoneNames() {
        String json = zoneList(zone("a1", "10.1.0.0/16", 1, 3), zone("a1", "10.2.0.0/16", 1, 3));
        assertInvalid(
                json,
                "dup.json",
                "Invalid zones configuration dup.json",
                "duplicate zone name 'a1' (zones[0] and zones[1])");
    }

    @Test
    void shouldRejectOverlappingCidrsBetweenZonesAndWithTheControlPlane() {
        String json = zoneList(
                zone("a1", "10.1.0.0/16", 1, 3), zone("b1", "10.1.128.0/17", 1, 3), zone("c1", "10.0.4.0/24", 1, 3));
        assertInvalid(
                json,
                "overlap.json",
                "zone 'b1' cidr 10.1.128.0/17 overlaps zone 'a1' cidr 10.1.0.0/16",
                "zone 'c1' cidr 10.0.4.0/24 overlaps the control plane cidr 10.0.0.0/16");
    }

    @Test
    void shouldRejectCapacityOutOfRange() {
        String json = zoneList(
                zone("a1", "10.1.0.0/16", 0, 3), zone("b1", "10.2.0.0/16", 1, 501), zone("c1", "10.3.0.0/16", 5, 2));
        ZonesConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                ZonesConfigException.class, () -> ZonesConfig.parse(json, "capacity.json"));
        assertThat(e.problems())
                .contains(
                        "zone 'a1' minCapacity 0 is out of range 1..500",
                        "zone 'b1' maxCapacity 501 is out of range 1..500 (a bigger zone is more zones, not a bigger one)",
                        "zone 'c1' minCapacity 5 is greater than maxCapacity 2");
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        String json = """
                {"controlPlane": {"cidr": "10.0.0.0/33", "tokenIssuer": "http://plain"},
                 "zones": [{"name": "Bad_Name", "cidr": "10.1.0.1/16", "minCapacity": 1, "maxCapacity": 2,
                            "desiredCapacity": 9, "spoolGiB": 5}]}
                """;
        ZonesConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                ZonesConfigException.class, () -> ZonesConfig.parse(json, "many.json"));
        assertThat(e.problems()).hasSize(8);
        assertThat(e.getMessage())
                .contains("controlPlane.cidr: '10.0.0.0/33' has a prefix length out of 0..32")
                .contains("controlPlane.tokenIssuer must be an https:// URL")
                .contains("playbackCdn.publicKeyFile is missing")
                .contains("deviceBus.caCertificateFile is missing")
                .contains("name 'Bad_Name' must be 2-20 characters")
                .contains("has host bits set (the network address is 10.1.0.0/16)")
                .contains("desiredCapacity 9 is outside minCapacity..maxCapacity 1..2")
                .contains("spoolGiB 5 is out of range 20..16384");
    }

    @Test
    void shouldNameUnknownFieldsAndMalformedJson() {
        assertThatThrownBy(
                        () -> ZonesConfig.parse(zones("[{\"name\": \"a1\", \"cidrr\": \"10.1.0.0/16\"}]"), "typo.json"))
                .isInstanceOf(ZonesConfigException.class)
                .hasMessageContaining("malformed at zones[0].cidrr")
                .hasMessageContaining("Unrecognized field \"cidrr\"");
        assertInvalid("{\"zones\": [", "broken.json", "broken.json");
        assertThatThrownBy(() -> ZonesConfig.load(Path.of("no-such-zones.json")))
                .hasMessageContaining("no-such-zones.json")
                .hasMessageContaining("file not found");
        assertThatThrownBy(() -> ZonesConfig.parse(zones("[]"), "empty.json")).hasMessageContaining("zones is empty");
    }

    @Test
    void cidrOverlapIsExact() {
        assertThat(Cidr.parse("10.1.0.0/16").overlaps(Cidr.parse("10.2.0.0/16")))
                .isFalse();
        assertThat(Cidr.parse("10.1.0.0/16").overlaps(Cidr.parse("10.1.255.0/24")))
                .isTrue();
        assertThat(Cidr.parse("10.1.255.0/24").overlaps(Cidr.parse("10.1.0.0/16")))
                .isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("11.0.0.0/8"))).isFalse();
    }

    /** Asserts that parsing {@code json} (read from {@code file}) is refused, naming each of {@code messages}. */
    private static void assertInvalid(String json, String file, String... messages) {
        var refusal = assertThatThrownBy(() -> ZonesConfig.parse(json, file)).isInstanceOf(ZonesConfigException.class);
        for (String message : messages) {
            refusal.hasMessageContaining(message);
        }
    }
}
