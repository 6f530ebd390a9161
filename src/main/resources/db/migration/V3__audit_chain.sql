-- The tamper-evident audit trail: each tenant's events sealed into a hash chain.
--
-- The sealer gives events their chain positions in the order of the transaction that inserted
-- them (then by id), and seals only events of transactions older than the oldest one still
-- running. Every such transaction has ended, so no event can still appear below that horizon, and
-- an event committed late is sealed after the events already sealed, never skipped.

alter table audit_event add column xid xid8 not null default pg_current_xact_id();

-- The inserting transaction is recorded whatever the insert says, so that no event can claim a
-- place below the sealing horizon.
create function stamp_audit_xid() returns trigger language plpgsql as $$
begin
  new.xid := pg_current_xact_id();
  return new;
end $$;
create trigger audit_event_stamp_xid before insert on audit_event
  for each row execute function stamp_audit_xid();

create index audit_event_chain_order on audit_event (tenant_id, xid, id);
create index audit_event_by_time on audit_event (tenant_id, at);

-- One seal per event. hash = SHA-256(prev_hash || canonical content of the event); the first
-- seal of a tenant has 32 zero bytes as prev_hash. See io.callproof.audit.CanonicalEvent.
create table audit_seal (
  tenant_id text not null references tenant (id),
  position bigint not null check (position > 0),
  event_id bigint not null,
  hash bytea not null check (length(hash) = 32),
  prev_hash bytea not null check (length(prev_hash) = 32),
  sealed_at timestamptz not null default now(),
  primary key (tenant_id, position),
  unique (tenant_id, event_id),
  foreign key (tenant_id, event_id) references audit_event (tenant_id, id)
);

create trigger audit_seal_append_only before update or delete on audit_seal
  for each row execute function refuse_audit_change();
create trigger audit_seal_no_truncate before truncate on audit_seal
  for each statement execute function refuse_audit_change();

-- Grants the service's runtime role what it needs and no more. Run by the owner at every start
-- (so that tables added by later migrations are covered): everything on the working tables;
-- only insert and select on the audit tables (the sealer appends seals, never changes them);
-- only select on the migration record.
create function callproof_grant_runtime(runtime name) returns void language plpgsql as $$
begin
  if not exists (select 1 from pg_roles where rolname = runtime) then
    raise exception 'role % does not exist; create it first: create role % login password ''...''',
      runtime, runtime;
  end if;
  execute format('grant select, insert, update, delete on all tables in schema public to %I',
    runtime);
  execute format('revoke update, delete, truncate, references, trigger'
    || ' on audit_event, audit_seal from %I', runtime);
  execute format('revoke insert, update, delete, truncate, references, trigger'
    || ' on schema_migration from %I', runtime);
  execute format('grant usage on all sequences in schema public to %I', runtime);
end $$;
revoke execute on function callproof_grant_runtime(name) from public;
