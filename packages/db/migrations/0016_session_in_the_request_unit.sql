-- Who a request comes from, read in the request's own unit of work whatever role that unit runs
-- as (the app role in a tenant, the oversight role, the analyst role). Until now a request read
-- its session in a unit of work of its own, as the app role with no tenant, and then its grants
-- in another: at national scale those units were most of what the platform cost over the
-- database (README, Performance, finding 14).
--
-- The oversight and analyst roles must not read accounts, and a tenant's unit of work sees only
-- that tenant's accounts. So, as for member search (0014), the lookup is a SECURITY DEFINER
-- function owned by a login-less role that sees only what it needs: a session's validity columns,
-- the account's name and roles, its grants in its own tenant with their units' paths. It answers
-- only to a caller who presents the session's id AND the SHA-256 of its secret, so it tells a
-- caller nothing the token does not already give them. (The comparison of the hashes is not
-- constant-time: the caller cannot choose the bytes compared, as they come out of SHA-256.)

do $$
begin
  begin
    create role abroad_session_keeper nologin nobypassrls;
  exception when duplicate_object or unique_violation then
    null;
  end;
  if exists (select 1 from pg_roles where rolname = 'abroad_session_keeper'
              and (rolbypassrls or rolsuper or rolcreaterole or rolcreatedb or rolcanlogin)) then
    raise exception 'abroad_session_keeper may not log in, bypass row-level security or create roles or databases';
  end if;
  -- The migrator creates the functions as abroad_session_keeper below, so it must be able to become it.
  if not (select rolsuper from pg_roles where rolname = session_user)
     and not pg_has_role(session_user, 'abroad_session_keeper', 'member') then
    execute format('grant abroad_session_keeper to %I', session_user);
  end if;
end
$$;

set local role abroad_owner;

grant select (id, secret_hash, user_id, last_used_at, expires_at, absolute_expires_at, totp_enrolment_only),
  update (last_used_at, expires_at), delete
  on user_session to abroad_session_keeper;
create policy session_keeper on user_session to abroad_session_keeper using (true) with check (true);

grant select (id, username, display_name, home_tenant_id, platform_role, disabled_at, totp_key_sealed)
  on app_user to abroad_session_keeper;
create policy session_keeper_read on app_user for select to abroad_session_keeper using (true);

grant select (tenant_id, id, user_id, role, org_unit_id, member_id, created_at) on role_grant to abroad_session_keeper;
create policy session_keeper_read on role_grant for select to abroad_session_keeper using (true);

grant select (tenant_id, id, path) on org_unit to abroad_session_keeper;
create policy session_keeper_read on org_unit for select to abroad_session_keeper using (true);

grant select (id, is_oversight) on tenant to abroad_session_keeper;

set local role none;
grant usage, create on schema public to abroad_session_keeper;
set local role abroad_session_keeper;

-- The session with the presented secret, its account, whether the account's tenant is the
-- oversight body, and the account's grants in its own tenant (with each unit's path), oldest
-- first. No row: no such session, or the wrong secret. Whether the session is still alive is
-- the caller's verdict (packages/auth, sessionVerdict), by the request's clock.
create function abroad_session_actor(session_id text, secret_hash bytea)
  returns table (
    id text, user_id uuid, last_used_at timestamptz, expires_at timestamptz, absolute_expires_at timestamptz,
    totp_enrolment_only boolean, username text, display_name text, home_tenant_id uuid, platform_role text,
    disabled_at timestamptz, totp_enrolled boolean, home_is_oversight boolean, grants jsonb
  )
  language sql stable security definer
  set search_path = public, pg_temp
  as $$
  select s.id, s.user_id, s.last_used_at, s.expires_at, s.absolute_expires_at, s.totp_enrolment_only,
         u.username, u.display_name, u.home_tenant_id, u.platform_role, u.disabled_at,
         u.totp_key_sealed is not null,
         coalesce(t.is_oversight, false),
         coalesce((select jsonb_agg(jsonb_build_object('id', g.id, 'role', g.role, 'org_unit_id', g.org_unit_id,
                                                       'member_id', g.member_id, 'path', o.path)
                                    order by g.created_at, g.id)
                     from role_grant g
                     left join org_unit o on o.tenant_id = g.tenant_id and o.id = g.org_unit_id
                    where g.tenant_id = u.home_tenant_id and g.user_id = u.id), '[]'::jsonb)
    from user_session s
    join app_user u on u.id = s.user_id
    left join tenant t on t.id = u.home_tenant_id
   where s.id = abroad_session_actor.session_id and s.secret_hash = abroad_session_actor.secret_hash
  $$;

-- Writes back a verdict on the session with the presented secret: slides its idle expiry
-- (`expires_at` given), or deletes it when it has expired (`expires_at` null). The times are the
-- caller's clock (the platform judges every expiry by one clock, and tests move it); whatever the
-- caller says, a session is never extended past its absolute expiry, nor once it has expired.
create function abroad_keep_session(session_id text, secret_hash bytea, used_at timestamptz, expires_at timestamptz)
  returns void
  language sql volatile security definer
  set search_path = public, pg_temp
  as $$
  delete from user_session s
   where abroad_keep_session.expires_at is null
     and s.id = abroad_keep_session.session_id and s.secret_hash = abroad_keep_session.secret_hash;
  update user_session s
     set last_used_at = abroad_keep_session.used_at,
         expires_at = least(abroad_keep_session.expires_at, s.absolute_expires_at)
   where abroad_keep_session.expires_at is not null
     and s.id = abroad_keep_session.session_id and s.secret_hash = abroad_keep_session.secret_hash
     and s.expires_at > abroad_keep_session.used_at and s.absolute_expires_at > abroad_keep_session.used_at;
  $$;

set local role none;
revoke create on schema public from abroad_session_keeper;
revoke execute on function abroad_session_actor(text, bytea), abroad_keep_session(text, bytea, timestamptz, timestamptz)
  from public;
grant execute on function abroad_session_actor(text, bytea), abroad_keep_session(text, bytea, timestamptz, timestamptz)
  to abroad_app, abroad_oversight, abroad_analyst;
set local role abroad_owner;
