-- When a node last began to take cameras: it registered for the first time, came back from death or a drain, or
-- its drain was cancelled; a restart of a node that kept its cameras leaves it. A rebalance draws a camera only to a
-- node that joined after the camera was placed (ZoneLoad.preferredMove). Existing nodes count from their
-- registration.
alter table nodes
    add column joined_at timestamptz;
update nodes set joined_at = registered_at;
