package io.zonecam.node.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.ingest.RejectReason;
import io.zonecam.node.support.Ffmpeg;
import io.zonecam.node.support.NodeTestEnvironment;
import io.zonecam.node.support.NodeUnderTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A camera publishes only with a device token for itself and this node's zone, verified offline. */
@QuarkusTest
@QuarkusTestResource(NodeTestEnvironment.class)
class IngestAuthTest {

    @Inject
    NodeUnderTest node;

    @Test
    void shouldAcceptAValidDeviceTokenAndRefuseOthers() throws Exception {
        String camera = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        Path log = Files.createTempFile("ffmpeg", ".log");
        long refusedBefore = node.rtspCounters().rejected(RejectReason.FORBIDDEN);

        for (String badToken : new String[] {
            NodeTestEnvironment.deviceToken(other),
            NodeTestEnvironment.token(TokenKind.DEVICE, camera, "another-zone", null, null, 600),
            NodeTestEnvironment.token(TokenKind.LIVE, camera, null, null, null, 600),
            "garbage"
        }) {
            int exit = Ffmpeg.await(Ffmpeg.publish(node.rtspUrl(camera, badToken), 2, false, log), 20);
            assertThat(exit).as(Ffmpeg.log(log)).isNotZero();
        }
        assertThat(node.rtspCounters().rejected(RejectReason.FORBIDDEN) - refusedBefore)
                .isEqualTo(4);

        Process ok = Ffmpeg.publish(node.rtspUrl(camera), 3, false, log);
        node.awaitPublishing(camera, Duration.ofSeconds(15), "the camera with a valid token publishes");
        assertThat(Ffmpeg.await(ok, 20)).as(Ffmpeg.log(log)).isZero();
    }
}
