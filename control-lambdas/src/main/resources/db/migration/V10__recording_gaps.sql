-- A camera's open recording gap (events recording.gap.begun / recording.gap.ended): why its recording stopped and
-- since when, null while it records. One open gap at a time: the first cause wins until recording resumes, so a
-- camera that goes offline while its node's recorder is failing does not begin a second gap. Set and cleared in the
-- same statements that record the events (FleetRepository, EventService), so state and events never disagree.
alter table cameras
    add column gap_reason text,
    add column gap_since timestamptz,
    add constraint cameras_gap_reason check (gap_reason in ('camera-disconnected', 'node-lost', 'recording-failed'));
