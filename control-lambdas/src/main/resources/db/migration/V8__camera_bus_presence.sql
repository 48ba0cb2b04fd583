-- What each camera last said on its device-bus state topic, as a stream node heard it (NodeLoad.busStates):
-- connected with the ingest URL it publishes to and the last command it completed, or disconnected (its last will).
-- Combined with ingest (status) in the API: connected but not publishing shows as not_publishing.
alter table cameras
    add column bus_state text,
    add column bus_publishing_to text,
    add column bus_command_id text,
    add column bus_reported_at timestamptz,
    add constraint cameras_bus_state check (bus_state in ('connected', 'disconnected'));
