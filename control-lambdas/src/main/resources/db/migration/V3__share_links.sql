-- Share links: recorded-playback links an owner hands out (README "Share links"). The link's token is not stored,
-- only its id (the JWT's jti), so a revoked link's token can be named to the stream nodes, which refuse it.
create table share_links (
    id              uuid primary key,
    organization_id uuid        not null references organizations (id),
    camera_id       uuid        not null references cameras (id),
    token_id        uuid        not null unique,
    range_from      timestamptz not null,
    range_to        timestamptz not null,
    expires_at      timestamptz not null,
    created_by      text        not null,
    created_at      timestamptz not null,
    revoked_at      timestamptz,
    check (range_to > range_from)
);

-- Listing: an organization's links (or a camera's), newest first.
create index share_links_organization on share_links (organization_id, created_at desc, id desc);
create index share_links_camera on share_links (camera_id, created_at desc, id desc);
-- Heartbeats: the revoked links not yet expired (a handful; the partial index stays small).
create index share_links_revoked on share_links (expires_at) where revoked_at is not null;
