package io.zonecam.control.audit;

import io.zonecam.control.audit.AuditService.Filter;
import io.zonecam.control.problem.Ids;
import io.zonecam.control.problem.Params;
import jakarta.ws.rs.QueryParam;

/**
 * AuditQuery is the filter of an audit search or export, taken with {@code @BeanParam}: camera, action, actor and time
 * range, each checked when read (a 400 naming it).
 */
public class AuditQuery {

    @QueryParam("cameraId")
    String cameraId;

    @QueryParam("action")
    String action;

    @QueryParam("actor")
    String actor;

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    Filter filter() {
        return new Filter(
                cameraId == null ? null : Ids.uuid("cameraId", cameraId),
                Params.text("action", action, 40),
                Params.text("actor", actor, 200),
                Params.time("from", from),
                Params.time("to", to));
    }
}
