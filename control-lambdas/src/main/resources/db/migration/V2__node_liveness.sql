-- Node liveness judged from the control plane's own view (LeaseJudge; README "Node liveness").
-- watched_at: the last time the control plane handled a node call of the zone (register or heartbeat).
-- watched_since: when its current unbroken view of the zone began (a gap longer than fleet.blind-after restarts it).
alter table zones
    add column watched_at    timestamptz,
    add column watched_since timestamptz;

-- When a sweep first found the node's lease run out within the zone's watch; a later sweep confirms the death.
alter table nodes
    add column suspect_since timestamptz;
