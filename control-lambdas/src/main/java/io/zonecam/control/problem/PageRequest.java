package io.zonecam.control.problem;

import jakarta.ws.rs.QueryParam;

/**
 * PageRequest is the page a list call asks for, taken with {@code @BeanParam}: {@code limit} (1–500 items, 50 when
 * absent) and the opaque {@code cursor} the previous page returned. Each is checked when read, a 400 naming it.
 */
public class PageRequest {

    @QueryParam("limit")
    String limit;

    @QueryParam("cursor")
    String cursor;

    public int limit() {
        return Params.integer("limit", limit, 50, 1, 500);
    }

    public String cursor() {
        return Params.text("cursor", cursor, 200);
    }
}
