/**
 * Reports from the node to the control plane that must never hold up the data path: each kind of record (camera
 * events, access records) goes through its own {@link io.zonecam.node.report.ReportChannel}.
 *
 * <p>Invariants: {@code offer} never blocks and never throws; the queue is bounded (a full queue drops the new record
 * and counts it in {@code zonecam_reports_dropped_total{channel}}); one virtual thread per channel sends batches in
 * the order offered, and a batch the control plane did not take is sent again, unchanged, with exponential backoff
 * up to 30 s, so records survive an outage up to the channel's capacity. A batch the control plane refuses as
 * malformed (400, 413, 422) is dropped and counted as rejected rather than blocking the channel forever. At
 * shutdown a channel sends what it still holds for at most a few seconds, then gives up.
 */
package io.zonecam.node.report;
