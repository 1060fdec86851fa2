import { describe, expect, it } from "vitest"
import { withExplicitTenant } from "../src/harness/capture.ts"

const TENANT = "7259ccf6-5e2c-4615-b6c3-df210f02909e"
const tables = new Set(["member", "org_unit"])

describe("naming the tenant explicitly for the baseline", () => {
  it("shadows each tenant table the statement reads with that tenant's rows", () => {
    const explicit = withExplicitTenant(
      { text: 'select * from "member" inner join "org_unit" on true where "member"."id" = $1', params: ["x"] },
      TENANT,
      tables,
    )
    expect(explicit.text).toBe(
      'with "member" as not materialized (select * from public."member" where tenant_id = $2), ' +
        '"org_unit" as not materialized (select * from public."org_unit" where tenant_id = $2) ' +
        'select * from "member" inner join "org_unit" on true where "member"."id" = $1',
    )
    expect(explicit.params).toEqual(["x", TENANT])
  })

  it("puts the shadows first in the WITH list of a statement that has CTEs of its own", () => {
    const explicit = withExplicitTenant(
      { text: 'with "exact" as (select * from "member") select * from "exact"', params: [] },
      TENANT,
      tables,
    )
    expect(explicit.text).toBe(
      'with "member" as not materialized (select * from public."member" where tenant_id = $1), ' +
        '"exact" as (select * from "member") select * from "exact"',
    )
  })
})
