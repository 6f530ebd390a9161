-- Verification engine: policies, push devices and approvals, email codes, limits, lock-outs,
-- risk signals and technicians' API tokens.

alter table contact add column authorised_requester boolean not null default false;
alter table call add column stir text;   -- STIR/SHAKEN attestation reported by the line

-- Per company policy; the row with company_id null is the tenant's default.
create table policy (
  tenant_id text not null references tenant (id),
  company_id uuid,
  methods text[] not null,            -- in order of preference: push, sms, email
  email_counts_for text[] not null,   -- requests an email-verified caller may make
  code_ttl_seconds int not null check (code_ttl_seconds between 30 and 600),
  approval_ttl_seconds int not null check (approval_ttl_seconds between 30 and 600)
);
create unique index policy_one_per_company
  on policy (tenant_id, coalesce(company_id, '00000000-0000-0000-0000-000000000000'));

alter table verification
  add column caller_number text,      -- E.164, or 'withheld'; for the per-number limit
  add column requested_by text,       -- technician ID when started from the API
  add column stir text,               -- the STIR/SHAKEN attestation of the call, if any
  add column match_number int,        -- the two digits a push approval asks for
  add column approval_token bytea,    -- SHA-256 of the approval link's token
  add column approval_expires_at timestamptz,
  add column wrong_numbers int not null default 0,
  add column email_code boolean not null default false;
create index verification_by_caller on verification (tenant_id, caller_number, created_at);
create index verification_by_contact on verification (tenant_id, contact_id, decided_at);
create unique index verification_by_approval_token on verification (approval_token);

alter table outbox_message
  add column to_address text;         -- email address, for channel 'email'
alter table outbox_message alter column to_number drop not null;
create index outbox_by_tenant_time on outbox_message (tenant_id, channel, created_at);

create table push_device (
  tenant_id text not null,
  id uuid not null,
  contact_id uuid not null,
  endpoint text not null,
  p256dh text not null,
  auth text not null,
  label text,
  enrolled_at timestamptz not null,
  removed_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, contact_id) references contact (tenant_id, id)
);

create table enrolment (
  tenant_id text not null,
  token bytea primary key,            -- SHA-256 of the link's token
  contact_id uuid not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  foreign key (tenant_id, contact_id) references contact (tenant_id, id)
);

create table contact_lock (
  tenant_id text not null,
  id uuid not null,
  contact_id uuid not null,
  level int not null,
  locked_at timestamptz not null,
  locked_until timestamptz not null,
  released_at timestamptz,
  released_by text,
  primary key (tenant_id, id),
  foreign key (tenant_id, contact_id) references contact (tenant_id, id)
);
create index contact_lock_by_contact on contact_lock (tenant_id, contact_id, locked_at);

create table api_token (
  tenant_id text not null,
  token bytea primary key,            -- SHA-256 of the token
  technician_id text not null,
  created_at timestamptz not null,
  revoked_at timestamptz,
  foreign key (tenant_id, technician_id) references technician (tenant_id, id)
);
