package io.zonecam.node.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonecam.contracts.token.TokenClaims;
import io.zonecam.contracts.token.TokenException;
import io.zonecam.contracts.token.TokenKind;
import io.zonecam.ingest.AuthDecision;
import io.zonecam.ingest.PublishAuthorizer;
import io.zonecam.ingest.PublishRequest;
import io.zonecam.node.config.NodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * DeviceAuthorizer lets a camera publish only as itself: a device token for the camera in the URL, issued for this
 * node's zone, verified offline.
 */
@ApplicationScoped
public class DeviceAuthorizer implements PublishAuthorizer {

    private static final Logger LOG = Logger.getLogger(DeviceAuthorizer.class);

    @Inject
    TokenKeyCache keys;

    @Inject
    NodeConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    DrainState drain;

    @Override
    public AuthDecision authorize(PublishRequest request) {
        if (drain.draining()) {
            // The camera fetches a fresh device token, which names the node that now holds it.
            registry.counter("zonecam.tokens.refused", "kind", "device", "reason", "draining")
                    .increment();
            return AuthDecision.deny("node is draining: get a new device token");
        }
        try {
            TokenClaims claims = keys.verifier().verify(request.token(), TokenKind.DEVICE, request.cameraId());
            if (!config.node().zone().equals(claims.zone())) {
                return refuse(request, TokenException.Reason.WRONG_ZONE, "token is for zone " + claims.zone());
            }
            return AuthDecision.allow(claims.cameraId());
        } catch (TokenException e) {
            if (e.reason() == TokenException.Reason.UNKNOWN_KEY) {
                keys.unknownKeySeen();
            }
            return refuse(request, e.reason(), e.getMessage());
        }
    }

    private AuthDecision refuse(PublishRequest request, TokenException.Reason reason, String message) {
        registry.counter(
                        "zonecam.tokens.refused",
                        "kind",
                        "device",
                        "reason",
                        reason.name().toLowerCase())
                .increment();
        LOG.infof(
                "%s publish of camera %s from %s refused: %s",
                request.protocol(), request.cameraId(), request.remote(), message);
        return AuthDecision.deny(message);
    }
}
