package io.zonecam.contracts.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetentionClassTest {

    @Test
    void shouldMapStandardRetentionsToTheirLifecycleClassAndOthersToCustom() {
        assertThat(RetentionClass.forDays(7)).isEqualTo(RetentionClass.R7);
        assertThat(RetentionClass.forDays(30)).isEqualTo(RetentionClass.R30);
        assertThat(RetentionClass.forDays(90)).isEqualTo(RetentionClass.R90);
        assertThat(RetentionClass.forDays(14)).isEqualTo(RetentionClass.CUSTOM);
        assertThat(RetentionClass.forDays(3650)).isEqualTo(RetentionClass.CUSTOM);
        assertThatThrownBy(() -> RetentionClass.forDays(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSpellKeyPrefixesAsNodesWriteThemAndLifecycleRulesMatchThem() {
        String zone = RetentionClass.zonePrefix("euw1-a");
        assertThat(zone).isEqualTo("zones/euw1-a/");
        assertThat(RetentionClass.R30.keyPrefix(zone)).isEqualTo("zones/euw1-a/r30/");
        assertThat(RetentionClass.CUSTOM.keyPrefix(zone)).isEqualTo("zones/euw1-a/rc/");
        assertThat(RetentionClass.CUSTOM.expiresByLifecycle()).isFalse();
        assertThat(RetentionClass.R90.lifecycleDays()).isEqualTo(90);
        for (RetentionClass c : RetentionClass.values()) {
            assertThat(RetentionClass.ofSegment(c.segment())).isEqualTo(c);
        }
    }
}
