-- Every table carries the tenant in its key, so that tenants can later be spread over a
-- distributed PostgreSQL without a redesign.

create table tenant (
  id text primary key,
  name text not null,
  time_zone text not null,
  default_region text not null,
  twilio_account_sid text unique,
  twilio_auth_token bytea,          -- sealed under the installation key
  twilio_from text,                 -- E.164 number texts are sent from
  fallback_number text,             -- E.164; what the static fallback answer dials
  dev_outbox boolean not null default false, -- demo tenant without a real Twilio account
  created_at timestamptz not null default now()
);

create table phone_number (
  tenant_id text not null references tenant (id),
  e164 text not null,
  flow text not null,
  primary key (tenant_id, e164),
  unique (e164)
);

create table company (
  tenant_id text not null references tenant (id),
  id uuid not null,
  name text not null,
  time_zone text not null,
  primary key (tenant_id, id),
  unique (tenant_id, name)
);

create table contact (
  tenant_id text not null,
  id uuid not null,
  company_id uuid not null,
  first_name text not null,
  last_name text not null,
  email text,
  employee_id text,
  disabled boolean not null default false,
  primary key (tenant_id, id),
  foreign key (tenant_id, company_id) references company (tenant_id, id)
);

create table contact_phone (
  tenant_id text not null,
  contact_id uuid not null,
  kind text not null check (kind in ('mobile', 'work')),
  e164 text not null,
  registered_at timestamptz not null,
  primary key (tenant_id, contact_id, e164),
  foreign key (tenant_id, contact_id) references contact (tenant_id, id)
);
create index contact_phone_by_number on contact_phone (tenant_id, e164);

create table technician (
  tenant_id text not null references tenant (id),
  id text not null,                 -- the technician ID a technician gives on the phone
  name text not null,
  client_identity text,             -- Twilio Client identity of their softphone
  phone text,                       -- E.164 number to ring, with a spoken whisper
  available boolean not null default true,
  primary key (tenant_id, id)
);

create table call (
  tenant_id text not null references tenant (id),
  call_sid text not null,
  line text not null,               -- 'twilio' or 'asterisk'
  from_number text,                 -- E.164 or raw; never leaves the database unmasked
  to_number text,
  flow text not null,
  step text not null,
  facts jsonb not null,
  turn int not null,                -- turns answered so far; a retried turn is answered again
  contact_id uuid,
  verification_id uuid,
  badge jsonb not null,
  status text not null,             -- 'in-flow', 'routed', 'ended'
  started_at timestamptz not null,
  updated_at timestamptz not null,
  ended_at timestamptz,
  primary key (tenant_id, call_sid)
);

create table call_turn (
  tenant_id text not null,
  call_sid text not null,
  turn int not null,
  answer jsonb not null,
  primary key (tenant_id, call_sid, turn),
  foreign key (tenant_id, call_sid) references call (tenant_id, call_sid)
);

create table verification (
  tenant_id text not null,
  id uuid not null,
  call_sid text,
  contact_id uuid not null,
  method text not null,             -- 'sms-code'
  status text not null,             -- 'pending', 'verified', 'failed', 'abandoned'
  reason text,
  wrong_entries int not null default 0,
  silences int not null default 0,
  code_hash bytea,                  -- keyed hash of the live code; null once used or failed
  code_key_id text,
  code_expires_at timestamptz,
  created_at timestamptz not null,
  decided_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, contact_id) references contact (tenant_id, id)
);

create table outbox_message (
  tenant_id text not null references tenant (id),
  id bigserial not null,
  channel text not null,            -- 'sms'
  contact_id uuid,
  verification_id uuid,
  to_number text not null,
  body bytea,                       -- sealed; wiped once the provider has taken the message
  status text not null,             -- 'queued', 'sending', 'sent', 'delivered', 'failed'
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  claimed_until timestamptz,
  provider_id text,
  error text,
  created_at timestamptz not null,
  sent_at timestamptz,
  primary key (tenant_id, id)
);
create index outbox_ready on outbox_message (next_attempt_at) where status in ('queued', 'sending');
create index outbox_by_contact on outbox_message (tenant_id, contact_id, created_at);
create index outbox_by_provider_id on outbox_message (provider_id);

create table audit_event (
  tenant_id text not null references tenant (id),
  id bigserial not null,
  at timestamptz not null,
  kind text not null,
  call_sid text,
  contact_id uuid,
  data jsonb not null,
  primary key (tenant_id, id)
);
create index audit_by_call on audit_event (tenant_id, call_sid);

create function refuse_audit_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit events are append-only';
end $$;
create trigger audit_event_append_only before update or delete on audit_event
  for each row execute function refuse_audit_change();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function refuse_audit_change();
