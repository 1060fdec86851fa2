-- The session lookup of every request (0016) planned once per connection instead of at every call.
-- A SQL function that is SECURITY DEFINER with its own search_path cannot be inlined into the
-- caller's statement, and PostgreSQL 15 plans such a function's query afresh on every call: half a
-- millisecond of the database's CPU per request, more than the lookup itself, on every route
-- (README, Performance, finding 15). PL/pgSQL keeps the plan of its query for the connection's
-- life. The statement, its arguments, its answer, its owner and who may call it are unchanged
-- (CREATE OR REPLACE keeps the grants); every column is qualified, as PL/pgSQL needs beside the
-- output columns of the same names.

set local role none;
grant usage, create on schema public to abroad_session_keeper;
set local role abroad_session_keeper;

create or replace function abroad_session_actor(session_id text, secret_hash bytea)
  returns table (
    id text, user_id uuid, last_used_at timestamptz, expires_at timestamptz, absolute_expires_at timestamptz,
    totp_enrolment_only boolean, username text, display_name text, home_tenant_id uuid, platform_role text,
    disabled_at timestamptz, totp_enrolled boolean, home_is_oversight boolean, grants jsonb
  )
  language plpgsql stable security definer
  set search_path = public, pg_temp
  as $$
  begin
    return query
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
     where s.id = abroad_session_actor.session_id and s.secret_hash = abroad_session_actor.secret_hash;
  end
  $$;

set local role none;
revoke create on schema public from abroad_session_keeper;
set local role abroad_owner;
