package io.zonecam.sim.testing;

import io.zonecam.ingest.AuthDecision;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishRequest;

/** AllowGoodTokens allows token {@code good-<cameraId>} and denies every other. */
public final class AllowGoodTokens implements PublishAuthorizer {

    public static String tokenFor(String cameraId) {
        return "good-" + cameraId;
    }

    @Override
    public AuthDecision authorize(PublishRequest r) {
        return r.token().equals(tokenFor(r.cameraId()))
                ? AuthDecision.allow(r.cameraId())
                : AuthDecision.deny("bad token for " + r.cameraId());
    }
}
