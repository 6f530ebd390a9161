-- Contacts CSV files uploaded in the console, kept for their preview until imported. A file is
-- imported once; imported_rows says how many of its rows became contacts.
create table contact_import (
  tenant_id text not null references tenant (id),
  id uuid not null,
  file_name text,
  csv text not null,
  uploaded_by uuid not null,
  uploaded_at timestamptz not null,
  imported_at timestamptz,
  imported_rows int,
  primary key (tenant_id, id)
);
