package io.zonecam.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.AuthDecision;
import io.zonecam.ingest.IngestCounters;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishRequest;
import io.zonecam.ingest.RejectReason;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** The one authorization step RTSP and RTMP share: path, token, authorizer, and how each refusal is counted. */
class PublishGateTest {

    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40000);

    private final IngestCounters counters = new IngestCounters();
    private final List<PublishRequest> asked = new ArrayList<>();
    private PublishAuthorizer authorizer = r -> {
        asked.add(r);
        return r.token().equals("good") ? AuthDecision.allow(r.cameraId()) : AuthDecision.deny("token expired");
    };

    private Admission admit(String path, String... otherTokens) {
        Refusals refusals = new Refusals(
                IngestProtocol.RTSP, counters, new RateLimitedLog(Logger.getLogger(PublishGateTest.class), 20, 10_000));
        return new PublishGate("live", req -> authorizer.authorize(req), refusals, "URL")
                .admit(path, REMOTE, otherTokens);
    }

    @Test
    void admitsTheCameraTheAuthorizerAllows() {
        assertThat(admit("/live/cam-1?token=good")).isEqualTo(new Admission.Admitted("cam-1"));
        assertThat(asked).singleElement().satisfies(r -> {
            assertThat(r.protocol()).isEqualTo(IngestProtocol.RTSP);
            assertThat(r.cameraId()).isEqualTo("cam-1");
            assertThat(r.remote()).isEqualTo(REMOTE);
        });
    }

    @Test
    void aPathOutsideTheApplicationOrWithoutAValidCameraIdIsABadPath() {
        assertThat(admit("/vod/cam-1?token=good")).isInstanceOf(Admission.Refused.class);
        assertThat(admit("/live/bad%20id?token=good")).isInstanceOf(Admission.Refused.class);
        assertThat(admit(null)).isInstanceOf(Admission.Refused.class);
        assertThat(counters.rejected(RejectReason.BAD_PATH)).isEqualTo(3);
        assertThat(asked).isEmpty();
    }

    @Test
    void theQueryTokenComesFirstThenTheOthersInOrder() {
        assertThat(admit("/live/cam-1", null, "", "good", "bad")).isInstanceOf(Admission.Admitted.class);
        assertThat(admit("/live/cam-1?token=bad", "good")).isInstanceOf(Admission.Refused.class);
        assertThat(asked).extracting(PublishRequest::token).containsExactly("good", "bad");
    }

    @Test
    void noTokenAnywhereIsRefusedWithoutAskingTheAuthorizer() {
        Admission a = admit("/live/cam-1?other=1", (String) null);
        assertThat(a).isInstanceOfSatisfying(Admission.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TOKEN_MISSING);
            assertThat(r.detail()).contains("?token=");
        });
        assertThat(asked).isEmpty();
        assertThat(counters.rejected(RejectReason.TOKEN_MISSING)).isEqualTo(1);
    }

    @Test
    void aDenialOrAnAuthorizerThatThrowsIsForbiddenAndNeverShowsTheToken() {
        assertThat(admit("/live/cam-1?token=secret-value")).isInstanceOfSatisfying(Admission.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.FORBIDDEN);
            assertThat(r.detail()).isEqualTo("not authorized: token expired");
        });
        authorizer = r -> {
            throw new IllegalStateException("key store unavailable");
        };
        assertThat(admit("/live/cam-1?token=good"))
                .isEqualTo(new Admission.Refused(RejectReason.FORBIDDEN, "not authorized: authorization failed"));
        assertThat(counters.rejected(RejectReason.FORBIDDEN)).isEqualTo(2);
    }
}
