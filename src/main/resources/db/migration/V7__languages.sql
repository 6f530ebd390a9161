-- The language a caller is spoken to in: a contact's own (null: the number's or the tenant's),
-- and each number's (null: the installation's default). Values are catalog locales in ivr/.
alter table contact add column language text
  check (language is null or language in ('en-US', 'fr-CA'));
alter table phone_number add column language text
  check (language is null or language in ('en-US', 'fr-CA'));
