package io.zonecam.webrtc.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H264ProfileLevelIdTest {

    private static H264Profile profile(String hex) {
        return H264ProfileLevelId.parse(hex).profile();
    }

    @Test
    void classifiesTheProfilesBrowsersOfferPerRfc6184Table5() {
        assertThat(profile("42e01f")).isEqualTo(H264Profile.CONSTRAINED_BASELINE);
        assertThat(profile("42001f")).isEqualTo(H264Profile.BASELINE);
        assertThat(profile("4d001f")).isEqualTo(H264Profile.MAIN);
        assertThat(profile("4d801f")).as("Main with constraint_set0").isEqualTo(H264Profile.CONSTRAINED_BASELINE);
        assertThat(profile("58c01f")).isEqualTo(H264Profile.CONSTRAINED_BASELINE);
        assertThat(profile("58801f")).isEqualTo(H264Profile.BASELINE);
        assertThat(profile("58001f")).isEqualTo(H264Profile.EXTENDED);
        assertThat(profile("64001f")).isEqualTo(H264Profile.HIGH);
        assertThat(profile("640c1f")).isEqualTo(H264Profile.CONSTRAINED_HIGH);
        assertThat(profile("64081f")).isEqualTo(H264Profile.PROGRESSIVE_HIGH);
        assertThat(profile("f4001f")).isEqualTo(H264Profile.HIGH_444);
    }

    @Test
    void readsProfileAndLevelFromAnSps() {
        H264ProfileLevelId id = H264ProfileLevelId.fromSps(Offers.sps(0x64, 0x00, 40));
        assertThat(id).isEqualTo(new H264ProfileLevelId(0x64, 0x00, 40));
        assertThat(id.profile()).isEqualTo(H264Profile.HIGH);
        assertThat(id.toHex()).isEqualTo("640028");
        assertThat(H264ProfileLevelId.fromSps(new byte[] {0x68, 1, 2, 3}))
                .as("a PPS")
                .isNull();
    }

    @Test
    void ordersLevelsWithLevel1bBetween1And11() {
        int level1 = H264ProfileLevelId.parse("42e00a").levelOrder();
        int level1b = H264ProfileLevelId.parse("42f00b").levelOrder(); // constraint_set3 with level_idc 11
        int level11 = H264ProfileLevelId.parse("42e00b").levelOrder();
        assertThat(level1).isLessThan(level1b);
        assertThat(level1b).isLessThan(level11);
        assertThat(H264ProfileLevelId.parse("64100b").levelOrder())
                .as("High has no 1b")
                .isEqualTo(level11);
    }

    @Test
    void rejectsAnythingButSixAsciiHexDigits() {
        assertThat(H264ProfileLevelId.parse("42e01")).isNull();
        assertThat(H264ProfileLevelId.parse("42e01g")).isNull();
        assertThat(H264ProfileLevelId.parse("42e0１f")).isNull();
        assertThat(H264ProfileLevelId.parse(null)).isNull();
    }

    @Test
    void decoderRelationFollowsAnnexA() {
        assertThat(H264Profile.HIGH.decodes(H264Profile.MAIN)).isTrue();
        assertThat(H264Profile.HIGH.decodes(H264Profile.CONSTRAINED_BASELINE)).isTrue();
        assertThat(H264Profile.MAIN.decodes(H264Profile.HIGH)).isFalse();
        assertThat(H264Profile.CONSTRAINED_BASELINE.decodes(H264Profile.MAIN)).isFalse();
        assertThat(H264Profile.MAIN.decodes(H264Profile.BASELINE))
                .as("FMO/ASO are not in Main")
                .isFalse();
    }
}
