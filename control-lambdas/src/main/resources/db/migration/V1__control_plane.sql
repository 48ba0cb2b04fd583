-- Control plane schema, version 1. Identifiers are UUIDs except zones, whose ids are operator-chosen slugs.
-- Secrets (API keys, device secrets, claim codes, node enrollment keys) are stored only as HMAC-SHA256 digests.

create table organizations (
    id          uuid primary key,
    name        text        not null,
    region      text,
    home_zone   text,
    created_at  timestamptz not null
);

create table api_keys (
    id              uuid primary key,
    organization_id uuid        not null references organizations (id),
    name            text        not null,
    role            text        not null check (role in ('owner', 'viewer')),
    prefix          text        not null unique,
    secret_hash     bytea       not null,
    created_at      timestamptz not null,
    revoked_at      timestamptz
);
create index api_keys_by_org on api_keys (organization_id, created_at desc);

-- Manufactured cameras that may be claimed: serial and the claim code printed on the device.
create table devices (
    serial          text primary key,
    claim_code_hash bytea       not null,
    model           text,
    provisioned_at  timestamptz not null
);

-- A zone's camera count is the sum of its nodes' assigned_cameras: no hot counter row per zone.
create table zones (
    id             text primary key,
    region         text        not null,
    capacity       integer     not null check (capacity > 0),
    state          text        not null check (state in ('open', 'closed', 'draining')),
    node_key_hash  bytea       not null,
    created_at     timestamptz not null
);

create table nodes (
    id                uuid primary key,
    zone_id           text        not null references zones (id),
    name              text        not null,
    host              text        not null,
    http_url          text        not null,
    rtsp_port         integer     not null,
    rtmp_port         integer     not null,
    capacity          integer     not null check (capacity > 0),
    state             text        not null check (state in ('active', 'draining', 'drained', 'dead')),
    assigned_cameras  integer     not null default 0,
    load_cameras      integer,
    load_ingress_bps  bigint,
    load_egress_bps   bigint,
    load_viewers      integer,
    load_cpu          double precision,
    registered_at     timestamptz not null,
    last_heartbeat_at timestamptz,
    lease_expires_at  timestamptz not null,
    drain_started_at  timestamptz,
    unique (zone_id, name)
);
create index nodes_live_by_zone on nodes (zone_id, state, lease_expires_at);

create table cameras (
    id              uuid primary key,
    organization_id uuid        not null references organizations (id),
    serial          text        not null references devices (serial),
    name            text        not null,
    model           text,
    retention_days  integer     not null check (retention_days between 1 and 3650),
    status          text        not null check (status in ('registered', 'online', 'offline')),
    -- The node the camera was last reported publishing to (from node heartbeats); drives online/offline.
    online_node_id  uuid,
    zone_id         text references zones (id),
    node_id         uuid references nodes (id),
    assigned_at     timestamptz,
    secret_hash     bytea,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    deleted_at      timestamptz
);
-- One live camera per serial; a deregistered camera frees its serial for a new claim.
create unique index cameras_live_serial on cameras (serial) where deleted_at is null;
create index cameras_by_org on cameras (organization_id, created_at, id) where deleted_at is null;
create index cameras_by_node on cameras (node_id, id) where deleted_at is null;
create index cameras_by_zone on cameras (zone_id) where deleted_at is null;
create index cameras_online_at on cameras (online_node_id) where online_node_id is not null;
