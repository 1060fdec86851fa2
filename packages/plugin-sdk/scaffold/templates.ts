/** The files of a new plugin: a rule, a field, a config, and a test with the SDK's test kit. */

const title = (id: string) =>
  id
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ")

export const packageJson = (id: string): string =>
  `${JSON.stringify(
    {
      name: `@abroad/plugin-${id}`,
      version: "0.1.0",
      private: true,
      type: "module",
      description: `${title(id)}: a plugin for one tenant's local rules and form fields`,
      exports: { ".": "./src/index.ts" },
      dependencies: { "@abroad/plugin-sdk": "workspace:*" },
    },
    null,
    2,
  )}\n`

export const pluginSource = (id: string): string => `import { definePlugin, Schema } from "@abroad/plugin-sdk"

/**
 * ${title(id)}. The config is what a tenant's administrator sets when installing it
 * (PUT /api/t/{tenantCode}/plugins/${id}); it is validated by this Schema, and a wrong field is
 * refused with its path.
 */
const Config = Schema.Struct({
  /** A stay longer than this many days is flagged to the officers (default 30). */
  longStayDays: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 3650 }))),
})

const DAY_MS = 86_400_000
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS)

export default definePlugin({
  id: "${id}",
  version: "0.1.0",
  name: { vi: "${title(id)}", en: "${title(id)}" },
  description: {
    vi: "Quy định và trường biểu mẫu riêng của đơn vị.",
    en: "The tenant's own rule and form field.",
  },
  configSchema: Config,
  // What the plugin may reach: nothing beyond its hooks' input. Add "members.read", "store", … when needed.
  capabilities: [],
  setup(register) {
    // One field on the trip request, stored under extra["${id}"].contactAbroad and validated by the server.
    register.fields({
      tripRequest: [
        {
          name: "contactAbroad",
          label: { vi: "Người liên hệ ở nước ngoài", en: "Contact abroad" },
          help: { vi: "Họ tên và số điện thoại", en: "Name and phone number" },
          schema: Schema.String.check(Schema.isMinLength(3), Schema.isMaxLength(200)),
          required: true,
          widget: "text",
          purposes: ["private_tourism", "private_family_visit"],
        },
      ],
    })
    // One rule: a long stay goes on, with a warning the officers see.
    register.rules({
      "trip.validate": ({ trip }, ctx) => {
        const limit = ctx.config.longStayDays ?? 30
        const days = daysBetween(trip.plannedDeparture, trip.plannedReturn)
        return days > limit
          ? [
              {
                kind: "warn",
                rule: "long-stay",
                message: {
                  vi: \`Chuyến đi dài \${days} ngày, quá \${limit} ngày: cần theo dõi.\`,
                  en: \`A stay of \${days} days, over \${limit}: to be followed up.\`,
                },
              },
            ]
          : []
      },
    })
  },
})
`

export const pluginTest = (id: string): string => `import { testTenant } from "@abroad/plugin-sdk/testing"
import { describe, expect, it } from "vitest"
import plugin from "../src/index.ts"

const tenant = (config: unknown = { longStayDays: 10 }) =>
  testTenant({ plugin, config, members: [{ id: "m1", fullName: "Nguyễn Văn A" }] })

describe("${id}", () => {
  it("warns of a stay longer than the tenant's limit, and lets it go on", async () => {
    const long = await tenant().validateTrip({
      memberId: "m1",
      purpose: "private_tourism",
      plannedDeparture: "2026-05-01",
      plannedReturn: "2026-05-20",
      fields: { contactAbroad: "Trần Văn B, +81 90 1234 5678" },
    })
    expect(long.outcomes).toEqual([expect.objectContaining({ kind: "warn", rule: "long-stay" })])
    const short = await tenant().validateTrip({
      memberId: "m1",
      purpose: "private_tourism",
      plannedDeparture: "2026-05-01",
      plannedReturn: "2026-05-05",
      fields: { contactAbroad: "Trần Văn B, +81 90 1234 5678" },
    })
    expect(short.outcomes).toEqual([])
  })

  it("asks a private trip for the contact abroad", () => {
    const missing = tenant().decodeFields("tripRequest", {}, "private_tourism")
    expect(missing.ok).toBe(false)
    const given = tenant().decodeFields("tripRequest", { contactAbroad: "Trần Văn B" }, "private_tourism")
    expect(given.ok).toBe(true)
  })

  it("refuses a config out of range", () => {
    expect(() => tenant({ longStayDays: 0 })).toThrow()
  })
})
`

export const pluginReadme = (id: string): string => `# ${title(id)}

A plugin for one tenant's local rules and form fields. See \`plugins/README.md\` for the walk from
here to an installed plugin.

- \`src/index.ts\` — the plugin: config, one field on the trip request, one rule (\`trip.validate\`).
- \`test/${id}.test.ts\` — its tests, with the SDK's test kit (\`@abroad/plugin-sdk/testing\`).

Run the tests: \`npx -y pnpm@10.34.9 exec vitest run plugins/${id}\`.
`
