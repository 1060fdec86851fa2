-- Roles and extensions. Runs as the connecting user (a superuser, or an owner with CREATEROLE).
--
-- Roles are cluster-wide: another database on the same server may have created them already,
-- possibly at this very moment, so each is created only where missing and a concurrent
-- creation is tolerated.
do $$
declare
  role_name text;
begin
  foreach role_name in array array['abroad_owner', 'abroad_app', 'abroad_oversight', 'abroad_analyst'] loop
    begin
      execute format('create role %I nologin nobypassrls', role_name);
    exception when duplicate_object or unique_violation then
      null; -- created by an earlier run or by a migrator working on another database
    end;
  end loop;
end
$$;

-- A role created elsewhere by hand must still never bypass row-level security.
do $$
begin
  if exists (
    select 1 from pg_roles
    where rolname in ('abroad_app', 'abroad_oversight', 'abroad_analyst')
      and (rolbypassrls or rolsuper or rolcreaterole or rolcreatedb)
  ) then
    raise exception 'a request role (abroad_app, abroad_oversight, abroad_analyst) has BYPASSRLS, SUPERUSER, CREATEROLE or CREATEDB; remove it before migrating';
  end if;
end
$$;

create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- The owner creates the schema's objects; the request roles only use them.
grant usage, create on schema public to abroad_owner;
grant usage on schema public to abroad_app, abroad_oversight, abroad_analyst;
