package io.zonecam.ingest.testing;

import io.zonecam.ingest.AuthDecision;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** TestAuthorizer allows token {@code good-<cameraId>} and denies everything else, remembering each request. */
public final class TestAuthorizer implements PublishAuthorizer {

    public final List<PublishRequest> requests = new CopyOnWriteArrayList<>();

    public static String tokenFor(String cameraId) {
        return "good-" + cameraId;
    }

    @Override
    public AuthDecision authorize(PublishRequest request) {
        requests.add(request);
        return request.token().equals(tokenFor(request.cameraId()))
                ? AuthDecision.allow(request.cameraId())
                : AuthDecision.deny("token is not valid for camera " + request.cameraId());
    }
}
