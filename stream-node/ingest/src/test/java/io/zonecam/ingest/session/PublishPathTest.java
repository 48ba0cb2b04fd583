package io.zonecam.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.rtsp.UdpPortPool;
import org.junit.jupiter.api.Test;

/** Camera ids and tokens from publish URLs, and the UDP port pool. */
class PublishPathTest {

    @Test
    void parsesCameraIdAndTokenAndIgnoresTrackControlSegments() {
        PublishPath p = PublishPath.parse("/live/cam-42?token=eyJ.a-b_c.sig");
        assertThat(p.application()).isEqualTo("live");
        assertThat(p.cameraId()).isEqualTo("cam-42");
        assertThat(p.query()).containsEntry("token", "eyJ.a-b_c.sig");
        assertThat(PublishPath.parse("/live/cam-42/streamid=0").cameraId()).isEqualTo("cam-42");
        assertThat(PublishPath.parse("/live/cam%2042?token=x")).isNull();
    }

    @Test
    void refusesPathsWithoutAValidCamera() {
        assertThat(PublishPath.parse("/live")).isNull();
        assertThat(PublishPath.parse("/live/")).isNull();
        assertThat(PublishPath.parse("/live/a b")).isNull();
        assertThat(PublishPath.parse("/live/" + "x".repeat(129))).isNull();
        assertThat(PublishPath.parse(null)).isNull();
    }

    @Test
    void decodesQueryValuesAndKeepsTheFirstOfARepeatedName() {
        assertThat(PublishPath.parseQuery("token=a%2Bb&token=evil&x"))
                .containsEntry("token", "a+b")
                .containsEntry("x", "");
        assertThat(PublishPath.parseQuery("token=%zz")).containsEntry("token", "%zz");
    }

    @Test
    void portPoolHandsOutEvenPairsRoundRobinUntilExhausted() {
        UdpPortPool pool = new UdpPortPool(40001, 40007); // pairs 40002/3, 40004/5, 40006/7
        assertThat(pool.capacity()).isEqualTo(3);
        int a = pool.allocate();
        int b = pool.allocate();
        int c = pool.allocate();
        assertThat(new int[] {a, b, c}).containsExactly(40002, 40004, 40006);
        assertThat(pool.allocate()).isEqualTo(-1);
        pool.release(b);
        assertThat(pool.allocate()).isEqualTo(40004);
        assertThat(pool.inUse()).isEqualTo(3);
    }
}
