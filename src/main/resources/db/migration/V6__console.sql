-- The technician console: users who sign in, their sessions, presence, the Twilio keys that
-- softphone access tokens are signed with, and a notification whenever a call changes.

create table console_user (
  tenant_id text not null references tenant (id),
  id uuid not null,
  email text not null,              -- stored lower-case; signs in on its own, so unique overall
  name text not null,
  role text not null check (role in ('technician', 'admin')),
  technician_id text,
  password_hash text not null,      -- bcrypt, cost 12
  failed_sign_ins int not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null,
  primary key (tenant_id, id),
  unique (email),
  foreign key (tenant_id, technician_id) references technician (tenant_id, id)
);

create table console_session (
  id bytea primary key,             -- SHA-256 of the cookie's value
  tenant_id text not null,
  user_id uuid not null,
  csrf text not null,               -- sent back in every form and state-changing call
  created_at timestamptz not null,
  expires_at timestamptz not null,
  foreign key (tenant_id, user_id) references console_user (tenant_id, id)
);
create index console_session_by_user on console_session (tenant_id, user_id);

-- available, busy or away; routing reads technician.available, kept equal to presence = available.
alter table technician add column presence text not null default 'available'
  check (presence in ('available', 'busy', 'away'));

alter table tenant add column twilio_api_key_sid text;      -- SK...
alter table tenant add column twilio_api_key_secret bytea;  -- sealed under the installation key
alter table tenant add column twilio_twiml_app_sid text;    -- AP...

-- Every node LISTENs on call_changed and pushes the call to its tenant's open consoles. The
-- notification is delivered at commit, so a console never sees a change that was rolled back.
create function notify_call_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('call_changed',
    json_build_object('tenant', new.tenant_id, 'call', new.call_sid)::text);
  return new;
end $$;
create trigger call_changed after insert or update on call
  for each row execute function notify_call_changed();
