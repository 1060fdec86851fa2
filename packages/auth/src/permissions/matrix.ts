import {
  CAPABILITIES,
  type Capability,
  PLATFORM_ROLES,
  ROLE_CAPABILITIES,
  type Role,
  TENANT_ROLES,
} from "./capabilities.ts"

/**
 * The role × capability table as Markdown, for the README. A test compares the README with
 * this, so the document cannot drift from what the code enforces.
 */
export const capabilityMatrixMarkdown = (): string => {
  const roles: ReadonlyArray<Role> = [...TENANT_ROLES, ...PLATFORM_ROLES]
  const header = `| capability | ${roles.join(" | ")} |`
  const rule = `|---|${roles.map(() => ":-:").join("|")}|`
  const rows = (Object.keys(CAPABILITIES) as ReadonlyArray<Capability>).map(
    (capability) =>
      `| \`${capability}\` | ${roles.map((role) => (ROLE_CAPABILITIES[role].includes(capability) ? "✔" : "")).join(" | ")} |`,
  )
  return [header, rule, ...rows].join("\n")
}
