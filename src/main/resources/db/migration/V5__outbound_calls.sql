-- Verified outbound calls and the hotline: technicians who left, per-tenant outbound options, and
-- the record of every call a technician placed to a contact.

alter table technician add column active boolean not null default true;   -- false: left the MSP

alter table tenant
  add column heads_up boolean not null default false,  -- text the contact as an outbound call starts
  add column outbound_caller_id text;                   -- E.164 shown to contacts; else twilio_from

create table outbound_call (
  tenant_id text not null references tenant (id),
  id uuid not null,
  technician_id text not null,
  contact_id uuid not null,
  to_number text not null,            -- E.164, a number registered to the contact
  line_call_id text,                  -- the line's id for it (a Twilio CallSid, or the Originate id)
  placed_at timestamptz not null,
  status text not null,               -- 'placing', 'placed', 'failed', then the line's final word
  ended_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, technician_id) references technician (tenant_id, id),
  foreign key (tenant_id, contact_id) references contact (tenant_id, id)
);
create index outbound_call_by_contact on outbound_call (tenant_id, contact_id, placed_at);
create index outbound_call_by_number on outbound_call (tenant_id, to_number, placed_at);
