import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import {
  BREAK_GLASS_CAPABILITIES,
  CAPABILITIES,
  capabilityMatrixMarkdown,
  ROLE_CAPABILITIES,
  SECOND_FACTOR_ROLES,
} from "../src/index.ts"

describe("the capability table", () => {
  it("is the one printed in the README", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "..", "README.md"), "utf8")
    expect(readme).toContain(capabilityMatrixMarkdown())
  })

  it("gives the platform operator no tenant capability and the analyst aggregates only", () => {
    expect(ROLE_CAPABILITIES.operator.every((capability) => capability.startsWith("platform."))).toBe(true)
    expect(ROLE_CAPABILITIES.analyst).toEqual(["statistics.national"])
  })

  it("lets no one both manage accounts and decide on trips", () => {
    for (const capabilities of Object.values(ROLE_CAPABILITIES)) {
      expect(capabilities.includes("user.manage") && capabilities.includes("trip.approve")).toBe(false)
    }
  })

  it("opens break-glass for reading only", () => {
    for (const capability of BREAK_GLASS_CAPABILITIES) expect(capability).toMatch(/\.read$/)
  })

  it("names only capabilities that exist, and requires a second factor of the roles that decide or administer", () => {
    for (const capabilities of Object.values(ROLE_CAPABILITIES)) {
      for (const capability of capabilities) expect(Object.keys(CAPABILITIES)).toContain(capability)
    }
    expect([...SECOND_FACTOR_ROLES].sort()).toEqual(["admin", "approver", "operator", "oversight"])
  })
})
