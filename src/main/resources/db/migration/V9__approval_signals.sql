-- A call waiting for a push approval learns of the answer from a notification rather than by
-- reading the approval at each hold segment. Every node LISTENs on approval_answered; the
-- notification is delivered at commit, so it never announces an answer that was rolled back, and
-- it carries only which verification to read again: the answer itself is read from the table.
create function notify_approval_answered() returns trigger language plpgsql as $$
begin
  perform pg_notify('approval_answered',
    json_build_object('tenant', new.tenant_id, 'verification', new.id)::text);
  return new;
end $$;
create trigger approval_answered after update of status on verification
  for each row when (old.status = 'pending' and new.status <> 'pending'
    and new.approval_expires_at is not null)
  execute function notify_approval_answered();
