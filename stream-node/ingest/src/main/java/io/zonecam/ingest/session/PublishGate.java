package io.zonecam.ingest.session;

import io.zonecam.ingest.AuthDecision;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishRequest;
import io.zonecam.ingest.RejectReason;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * PublishGate is the one authorization step of a publish, the same for RTSP and RTMP: the path must name a camera
 * under the server's application ({@code /live/<cameraId>}), a token must be presented (the {@code token} query
 * parameter, else what the protocol found elsewhere), and the {@link PublishAuthorizer} must allow it. An authorizer
 * that throws denies. Refusals are counted and logged here; the protocol only chooses how to answer them.
 *
 * @param application the first path segment publishers must use ({@code live})
 * @param authorizer  decides whether a token may publish a camera
 * @param refusals    where this gate's refusals are counted; the protocol counts its own there too
 * @param tokenHint   where else this protocol takes a token from, appended to the missing-token answer
 */
public record PublishGate(String application, PublishAuthorizer authorizer, Refusals refusals, String tokenHint) {

    private static final Logger LOG = Logger.getLogger(PublishGate.class);

    public PublishGate {
        Objects.requireNonNull(authorizer, "authorizer");
    }

    /**
     * Decides one publish attempt.
     *
     * @param pathAndQuery   the publish path with its query, e.g. {@code /live/cam-1?token=...}; null when unreadable
     * @param otherTokens    tokens the protocol found outside the query (Basic password, RTMP tcUrl), in order of
     *                       preference; nulls and empty ones are skipped
     */
    public Admission admit(String pathAndQuery, InetSocketAddress remote, String... otherTokens) {
        PublishPath path = PublishPath.parse(pathAndQuery);
        if (path == null || !path.application().equals(application)) {
            return refuse(
                    RejectReason.BAD_PATH,
                    remote,
                    "publish to " + refusals.protocol().name().toLowerCase(Locale.ROOT) + "://<host>/" + application
                            + "/<cameraId>?token=<token>");
        }
        String token = path.query().get("token");
        for (int i = 0; (token == null || token.isEmpty()) && i < otherTokens.length; i++) {
            token = otherTokens[i];
        }
        if (token == null || token.isEmpty()) {
            return refuse(
                    RejectReason.TOKEN_MISSING,
                    remote,
                    "authorization required for camera " + path.cameraId() + ": add ?token=<device token> to the "
                            + tokenHint);
        }
        AuthDecision decision;
        try {
            decision = authorizer.authorize(new PublishRequest(refusals.protocol(), path.cameraId(), token, remote));
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s authorizer failed for camera %s", refusals.protocol(), path.cameraId());
            decision = AuthDecision.deny("authorization failed");
        }
        return switch (decision) {
            case AuthDecision.Allow allow -> new Admission.Admitted(allow.cameraId());
            case AuthDecision.Deny deny -> refuse(RejectReason.FORBIDDEN, remote, "not authorized: " + deny.reason());
        };
    }

    private Admission refuse(RejectReason reason, InetSocketAddress remote, String why) {
        refusals.refuse(reason, remote, why);
        return new Admission.Refused(reason, why);
    }
}
