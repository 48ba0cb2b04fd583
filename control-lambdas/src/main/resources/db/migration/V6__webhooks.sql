-- Webhooks (README "Webhooks"): an organization's subscriptions and the outbox of their deliveries. A delivery row is
-- written in the transaction that records its event, so an event committed is an event delivered at least once.
create table webhooks (
    id               uuid primary key,
    organization_id  uuid        not null references organizations (id),
    url              text        not null,
    description      text,
    event_types      text[]      not null,
    -- The signing secret, AES-256-GCM encrypted with zonecam.webhooks.secret-key (nonce || ciphertext || tag): the
    -- HMAC needs the secret itself, so it cannot be hashed like API keys.
    secret_encrypted bytea       not null,
    created_at       timestamptz not null,
    deleted_at       timestamptz,
    -- Failed attempts since the last success, and since when; past the limits the webhook is disabled.
    failing_since    timestamptz,
    failed_attempts  integer     not null default 0,
    disabled_at      timestamptz,
    disabled_reason  text
);
create index webhooks_organization on webhooks (organization_id, created_at desc, id desc) where deleted_at is null;

-- The outbox and the delivery log at once. event_id and event_occurred_at name the event's row (its partition);
-- there is no foreign key, as events are dropped by partition. Pings have no event: their body is in ping_body.
create table webhook_deliveries (
    id                uuid primary key,
    webhook_id        uuid        not null references webhooks (id) on delete cascade,
    organization_id   uuid        not null,
    event_id          uuid,
    event_occurred_at timestamptz,
    event_type        text        not null,
    ping_body         text,
    state             text        not null check (state in ('pending', 'delivered', 'failed')),
    attempts          integer     not null default 0,
    next_attempt_at   timestamptz not null,
    locked_until      timestamptz,
    last_attempt_at   timestamptz,
    last_status       integer,
    last_error        text,
    delivered_at      timestamptz,
    created_at        timestamptz not null
);
-- The dispatcher's scan: due pending deliveries (the partial index holds only those).
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where state = 'pending';
-- The delivery log of a webhook, newest first.
create index webhook_deliveries_log on webhook_deliveries (webhook_id, created_at desc, id desc);
