-- The login the servers use for requests in production: a member of the three request roles and
-- nothing more — abroad_app for a tenant's units of work, abroad_oversight for the oversight
-- body's, abroad_analyst for national statistics. None of them bypasses row-level security.
-- Run once per server as a superuser, after the first migration has created the roles:
--   psql -v api_password="'…'" -f infra/postgres/request-login.sql
-- then start the servers with DATABASE_URL (owner login, for migrations) and
-- DATABASE_APP_URL=postgres://abroad_api:…@host/db (this login, for requests).
--
-- NOINHERIT: the login itself may read nothing; only inside a unit of work, after
-- `set local role abroad_app` (or abroad_oversight, abroad_analyst), does it see what that role
-- may. It cannot become the owner or a superuser, so no SQL run on its connections can step
-- around row-level security.
create role abroad_api login noinherit nobypassrls password :api_password;
grant abroad_app, abroad_oversight, abroad_analyst to abroad_api;
