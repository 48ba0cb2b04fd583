-- Camera events (README "Events"): one row per event, partitioned by month on occurred_at so that retention drops
-- whole partitions instead of deleting rows. events_default catches rows of a month whose partition does not exist
-- yet (a far-future clock, a late maintenance run); zonecam_event_partition moves them into the month's partition
-- when it creates it, so no insert ever fails for want of a partition.
create table events (
    id              uuid        not null,
    organization_id uuid        not null,
    camera_id       uuid        not null,
    type            text        not null,
    version         integer     not null,
    occurred_at     timestamptz not null,
    data            jsonb       not null,
    primary key (id, occurred_at)
) partition by range (occurred_at);

create table events_default partition of events default;

-- Search: an organization's events, of one camera and type or not, newest first (cursor = occurred_at, id).
create index events_search on events (organization_id, camera_id, type, occurred_at desc, id desc);
create index events_organization on events (organization_id, occurred_at desc, id desc);

-- Creates the partition of the month that contains month_start (idempotent) and moves into it the rows of that
-- month that landed in events_default.
create function zonecam_event_partition(month_start date) returns text language plpgsql as $$
declare
    first date := date_trunc('month', month_start)::date;
    next date := (date_trunc('month', month_start) + interval '1 month')::date;
    name text := 'events_' || to_char(first, 'YYYYMM');
begin
    if to_regclass(name) is not null then
        return name;
    end if;
    execute format('create table %I (like events including defaults including constraints)', name);
    execute format('with moved as (delete from events_default where occurred_at >= %L and occurred_at < %L '
        || 'returning *) insert into %I select * from moved', first, next, name);
    execute format('alter table events attach partition %I for values from (%L) to (%L)', name, first, next);
    return name;
end $$;

-- Keeps the partitions: this month and months_ahead more exist; months that ended before now - retain are dropped
-- (and their rows in events_default deleted). Returns the number of partitions dropped.
create function zonecam_event_maintenance(months_ahead integer, retain interval) returns integer language plpgsql as $$
declare
    part record;
    dropped integer := 0;
    cutoff timestamptz := now() - retain;
begin
    for i in 0..months_ahead loop
        perform zonecam_event_partition((date_trunc('month', now()) + make_interval(months => i))::date);
    end loop;
    for part in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'events'::regclass and c.relname ~ '^events_[0-9]{6}$' loop
        if to_date(substr(part.relname, 8), 'YYYYMM') + interval '1 month' <= cutoff then
            execute format('drop table %I', part.relname);
            dropped := dropped + 1;
        end if;
    end loop;
    delete from events_default where occurred_at < cutoff;
    return dropped;
end $$;

select zonecam_event_maintenance(3, interval '100 years');
