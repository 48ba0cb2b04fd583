package io.zonecam.control.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The development issuer starts only in dev/test mode or the -Dlocal server, never in a production build. */
class DevelopmentIssuerGuardTest {

    @Test
    void shouldRefuseToStartInTheLambdaArtifactOrOnLambda() {
        assertThatThrownBy(() -> DevelopmentTokenResource.requireDevelopment(LaunchMode.NORMAL, true, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("zonecam.dev-issuer.enabled")
                .hasMessageContaining("the Lambda artifact");
        assertThatThrownBy(() -> DevelopmentTokenResource.requireDevelopment(
                        LaunchMode.NORMAL, false, Map.of("AWS_LAMBDA_FUNCTION_NAME", "zonecam-registration")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("running on AWS Lambda");
    }

    @Test
    void shouldStartInDevTestAndTheLocalServer() {
        assertThatNoException()
                .isThrownBy(() -> DevelopmentTokenResource.requireDevelopment(LaunchMode.DEVELOPMENT, true, Map.of()));
        assertThatNoException()
                .isThrownBy(() -> DevelopmentTokenResource.requireDevelopment(LaunchMode.TEST, true, Map.of()));
        assertThatNoException()
                .isThrownBy(() -> DevelopmentTokenResource.requireDevelopment(LaunchMode.NORMAL, false, Map.of()));
    }

    @Test
    void shouldKnowThisBuildIsTheLambdaArtifact() {
        // The tests run the default build, which is the Lambda artifact.
        assertThat(DevelopmentTokenResource.lambdaArtifact()).isTrue();
    }
}
