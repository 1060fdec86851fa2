import { type DatabaseError, DatabaseOwner } from "@abroad/db"
import { Effect } from "effect"
import { isoCountries } from "./countries/index.ts"
import { referenceTenants } from "./tenants/reference.ts"

export interface ReferenceDataReport {
  readonly tenants: number
  readonly countries: number
}

/**
 * Writes the reference tenants and the countries, as the owner, in one transaction. Safe to
 * run at every start: a tenant is matched by its code and only its descriptive fields are
 * refreshed — never its status or lineage, which a reorganisation may have changed.
 */
export const seedReferenceData: Effect.Effect<ReferenceDataReport, DatabaseError, DatabaseOwner> = Effect.gen(
  function* () {
    const owner = yield* DatabaseOwner
    return yield* owner.transaction(async (tx) => {
      // `on conflict (code)` settles a clash on the code only; two seeders at once could still
      // clash on another unique key (admin_code, the one oversight tenant, a country's alpha-3)
      // and fail. They take turns instead; the second one's upserts then change nothing.
      await tx.query("select pg_advisory_xact_lock(hashtextextended('abroad_seed:reference', 0))")
      const tenants = referenceTenants.map((t) => ({
        code: t.code,
        name: t.name,
        kind: t.kind,
        admin_code: t.adminCode,
        party_body: t.partyBody,
        is_oversight: t.isOversight,
      }))
      // The rows travel as one JSON text parameter, cast in SQL: the two drivers disagree on
      // how to send a jsonb parameter, and one statement beats 85 round trips.
      await tx.query(
        `insert into tenant (code, name, kind, admin_code, party_body, is_oversight)
         select code, name, kind, admin_code, party_body, is_oversight
           from jsonb_to_recordset($1::text::jsonb)
             as t(code text, name text, kind text, admin_code text, party_body text, is_oversight boolean)
         on conflict (code) do update
           set name = excluded.name, kind = excluded.kind, admin_code = excluded.admin_code,
               party_body = excluded.party_body, is_oversight = excluded.is_oversight`,
        [JSON.stringify(tenants)],
      )
      const countries = isoCountries.map((c) => ({
        code: c.code,
        alpha3: c.alpha3,
        numeric: c.numeric,
        name_vi: c.nameVi,
        name_en: c.nameEn,
      }))
      await tx.query(
        `insert into country (code, alpha3, numeric, name_vi, name_en)
         select code, alpha3, numeric, name_vi, name_en
           from jsonb_to_recordset($1::text::jsonb) as c(code text, alpha3 text, numeric text, name_vi text, name_en text)
         on conflict (code) do update
           set alpha3 = excluded.alpha3, numeric = excluded.numeric,
               name_vi = excluded.name_vi, name_en = excluded.name_en`,
        [JSON.stringify(countries)],
      )
      return { tenants: tenants.length, countries: countries.length }
    })
  },
)
