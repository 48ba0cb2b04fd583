package io.zonecam.node.fleet;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zonecam.node.http.Problems;
import io.zonecam.node.hub.CameraHub;
import io.zonecam.node.recording.RecordingService;
import io.zonecam.sdk.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * DrainRoutes serves the deploy hooks on the management port (reachable only inside the zone's network): {@code POST
 * /admin/drain} starts a drain, {@code GET /admin/drain} reports {@code {"state","cameras","uploadsPending"}} until
 * drained. Both require the zone's node key in {@code X-Node-Key} ({@link ZoneNodeKey}): a network boundary alone
 * would let anything inside the zone empty a node.
 */
@ApplicationScoped
public class DrainRoutes {

    @Inject
    FleetAgent agent;

    @Inject
    CameraHub hub;

    @Inject
    RecordingService recording;

    @Inject
    ZoneNodeKey nodeKey;

    void routes(@Observes ManagementInterface mi) {
        mi.router().route("/admin/drain").handler(this::authenticate);
        mi.router().post("/admin/drain").blockingHandler(this::start);
        mi.router().get("/admin/drain").handler(this::status);
    }

    private void authenticate(RoutingContext ctx) {
        if (nodeKey.matches(ctx.request().getHeader(ZoneNodeKey.HEADER))) {
            ctx.next();
            return;
        }
        String detail = nodeKey.value().isPresent()
                ? "Send the zone's node key in " + ZoneNodeKey.HEADER + "."
                : "This node has no node key (zonecam.control-plane.enrollment-key), so nothing may drain it here.";
        ctx.response().putHeader("WWW-Authenticate", ZoneNodeKey.HEADER);
        Problems.send(ctx, 401, "unauthorized", "Unauthorized", detail);
    }

    private void start(RoutingContext ctx) {
        try {
            agent.startDrain();
            ctx.response().setStatusCode(202);
            status(ctx);
        } catch (ApiException e) {
            Problems.send(
                    ctx,
                    502,
                    "control-plane",
                    "Bad Gateway",
                    "The control plane refused the drain (" + e.getCode() + "): " + e.getMessage());
        } catch (IllegalStateException e) {
            Problems.send(ctx, 409, "not-registered", "Conflict", e.getMessage());
        }
    }

    private void status(RoutingContext ctx) {
        FleetAgent.State state = agent.drainState();
        int pending = recording.pendingUploads();
        // Drained means safe to stop: no camera publishes here and every recorded object is in the store.
        String shown = state == FleetAgent.State.DRAINED && pending > 0
                ? "uploading"
                : state.name().toLowerCase(Locale.ROOT);
        ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("state", shown)
                        .put("cameras", hub.camerasConnected())
                        .put("uploadsPending", pending)
                        .put(
                                "nodeId",
                                agent.nodeId() == null ? null : agent.nodeId().toString())
                        .encode());
    }
}
