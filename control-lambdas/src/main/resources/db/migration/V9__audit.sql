-- The audit log (README "Audit log"): who issued which playback, clip, snapshot or share link, who changed API keys,
-- cameras and retention, and who actually watched (access records reported by nodes). Append-only: rows are never
-- updated, and deleted only by the retention below. Partitioned by month on occurred_at like events (V5), with the
-- same partition functions, now generalised to any such table so both tables share one implementation.
create table audit_log (
    id              uuid        not null,
    organization_id uuid        not null,
    occurred_at     timestamptz not null,
    -- e.g. playback.live.issued, share.revoked, access.live (AuditActions lists them)
    action          text        not null,
    -- "api-key:<id>", the user's token subject, or for access records the actor the token was issued to
    actor           text        not null,
    camera_id       uuid,
    -- the share link, API key or camera the action changed
    target_id       uuid,
    -- jti of the token issued (issuance) or presented (access)
    token_id        uuid,
    range_from      timestamptz,
    range_to        timestamptz,
    client_address  text,
    -- access records: the node that served, until when, and the bytes sent
    node_id         uuid,
    ended_at        timestamptz,
    bytes           bigint,
    details         jsonb,
    primary key (id, occurred_at)
) partition by range (occurred_at);

create table audit_log_default partition of audit_log default;

-- Search: the organization's entries, newest first (cursor = occurred_at, id), of one camera or not.
create index audit_log_organization on audit_log (organization_id, occurred_at desc, id desc);
create index audit_log_camera on audit_log (organization_id, camera_id, occurred_at desc, id desc);
-- Access records name the actor the token was issued to: the issuance entry by token id.
create index audit_log_token on audit_log (token_id) where token_id is not null;

-- Append-only: updates are refused; deletes only inside the retention below (which sets zonecam.retention).
create function zonecam_audit_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('zonecam.retention', true) = 'on' then
        return old;
    end if;
    raise exception 'audit_log is append-only (% refused)', tg_op;
end $$;

create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function zonecam_audit_append_only();

-- zonecam_month_partition: the partition of parent for the month holding month_start (idempotent), moving into it
-- that month's rows from <parent>_default. The generalisation of V5's zonecam_event_partition.
create function zonecam_month_partition(parent text, month_start date) returns text language plpgsql as $$
declare
    first date := date_trunc('month', month_start)::date;
    next date := (date_trunc('month', month_start) + interval '1 month')::date;
    name text := parent || '_' || to_char(first, 'YYYYMM');
begin
    if to_regclass(name) is not null then
        return name;
    end if;
    execute format('create table %I (like %I including defaults including constraints)', name, parent);
    perform set_config('zonecam.retention', 'on', true);
    execute format('with moved as (delete from %I where occurred_at >= %L and occurred_at < %L '
        || 'returning *) insert into %I select * from moved', parent || '_default', first, next, name);
    perform set_config('zonecam.retention', 'off', true);
    execute format('alter table %I attach partition %I for values from (%L) to (%L)', parent, name, first, next);
    return name;
end $$;

-- zonecam_month_maintenance: this month and months_ahead more exist; months that ended before now - retain are
-- dropped (and their rows in <parent>_default deleted). Returns the number of partitions dropped.
create function zonecam_month_maintenance(parent text, months_ahead integer, retain interval)
        returns integer language plpgsql as $$
declare
    part record;
    dropped integer := 0;
    cutoff timestamptz := now() - retain;
begin
    for i in 0..months_ahead loop
        perform zonecam_month_partition(parent, (date_trunc('month', now()) + make_interval(months => i))::date);
    end loop;
    for part in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = parent::regclass and c.relname ~ ('^' || parent || '_[0-9]{6}$') loop
        if to_date(right(part.relname, 6), 'YYYYMM') + interval '1 month' <= cutoff then
            execute format('drop table %I', part.relname);
            dropped := dropped + 1;
        end if;
    end loop;
    perform set_config('zonecam.retention', 'on', true);
    execute format('delete from %I where occurred_at < %L', parent || '_default', cutoff);
    perform set_config('zonecam.retention', 'off', true);
    return dropped;
end $$;

-- V5's functions become the generic ones applied to events; the maintenance keeps the audit log with the events
-- (same retention, same months ahead), so the one scheduled run (EventPartitions) serves both tables.
create or replace function zonecam_event_partition(month_start date) returns text language sql as $$
    select zonecam_month_partition('events', month_start)
$$;

create or replace function zonecam_event_maintenance(months_ahead integer, retain interval)
        returns integer language sql as $$
    select zonecam_month_maintenance('events', months_ahead, retain)
        + zonecam_month_maintenance('audit_log', months_ahead, retain)
$$;

select zonecam_month_maintenance('audit_log', 3, interval '100 years');
