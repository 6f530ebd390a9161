-- A seal's foreign key to its event made every seal lock that event (FOR KEY SHARE) in the
-- sealer's transaction, writing each audit row a second time after its insert. Events can be
-- neither changed nor deleted (their triggers, and the runtime role may only insert and read
-- them), and the chain check reports a seal whose event is missing, so the key guarded nothing
-- the chain does not.
alter table audit_seal drop constraint audit_seal_tenant_id_event_id_fkey;
