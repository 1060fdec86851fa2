import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { adminCodeLabels } from "../app/i18n/admin-messages.ts"

/**
 * Every action the platform writes to the audit log has words on the audit page. The actions are
 * read from the code that records them (packages/*\/src), so a new one without a label fails here:
 * - `action: "trip.approve"` in an entry;
 * - a literal handed to an audit helper (`auditTask(context, "task.assigned", …)`);
 * - a literal chosen for `const action = … ? "account.disabled" : …`;
 * - a trip event's type (`TripEventData`'s keys), which the trip workflow records as its action;
 * - an action put together from parts (`plugin.${action}`): each such template is listed in
 *   `TEMPLATES` with what it can become, so a new template fails until it is listed.
 */

const ROOT = join(import.meta.dirname, "../../..")
const ACTION = String.raw`"([a-z_]+(?:\.[a-z_]+)+)"`

const TEMPLATES: Readonly<Record<string, ReadonlyArray<string>>> = {
  // `installPlugin` answers "installed" or "configured" (packages/core/src/plugins/installations.ts).
  "plugin.${action}": ["plugin.installed", "plugin.configured"],
  'oversight.transfer.${outcome === "accept" ? "accepted" : "returned"}': [
    "oversight.transfer.accepted",
    "oversight.transfer.returned",
  ],
}

const sourceFiles = (): ReadonlyArray<string> => {
  const files: Array<string> = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith(".ts")) files.push(path)
    }
  }
  for (const pkg of readdirSync(join(ROOT, "packages"))) {
    const src = join(ROOT, "packages", pkg, "src")
    try {
      walk(src)
    } catch {
      // A package without a src folder records nothing.
    }
  }
  return files
}

/** The text of a call's arguments, from just after its `(` to the `)` that closes it. */
const argumentsAt = (text: string, start: number): string => {
  let depth = 1
  for (let index = start; index < text.length; index++) {
    if (text[index] === "(") depth++
    else if (text[index] === ")" && --depth === 0) return text.slice(start, index)
  }
  return text.slice(start)
}

const recordedActions = (): { actions: Set<string>; templates: Set<string> } => {
  const actions = new Set<string>()
  const templates = new Set<string>()
  for (const file of sourceFiles()) {
    const text = readFileSync(file, "utf8")
    for (const [, action] of text.matchAll(new RegExp(String.raw`\baction:\s*${ACTION}`, "g")))
      actions.add(action ?? "")
    for (const call of text.matchAll(/\b(?:audit\w*|recordAudit)\(/g)) {
      const args = argumentsAt(text, (call.index ?? 0) + call[0].length)
      // Positional arguments only: `entityId: "report.deadline"` names a thing, not an action.
      for (const [, action] of args.matchAll(new RegExp(String.raw`(?<!:\s*)${ACTION}`, "g"))) actions.add(action ?? "")
      for (const [template] of args.matchAll(/`[a-z_.]*\$\{[^}]+\}[a-z_.]*`/g)) templates.add(template.slice(1, -1))
    }
    for (const [, choice = ""] of text.matchAll(/\bconst action =([\s\S]*?)\n\s*(?:yield|return|const)\b/g)) {
      for (const [, action] of choice.matchAll(new RegExp(ACTION, "g"))) actions.add(action ?? "")
    }
  }
  const events = readFileSync(join(ROOT, "packages/core/src/trips/events.ts"), "utf8")
  for (const [, type] of events.matchAll(/^\s+"(trip\.[a-z_]+)":/gm)) actions.add(type ?? "")
  for (const template of templates) for (const action of TEMPLATES[template] ?? []) actions.add(action)
  return { actions, templates }
}

describe("the audit log's actions", () => {
  const { actions, templates } = recordedActions()

  it("are found in the code: entries, helpers, choices, trip events", () => {
    // The reader itself is checked: one action of each way of recording it.
    for (const action of [
      "auth.login.failed",
      "task.assigned",
      "account.disabled",
      "trip.rejected",
      "plugin.installed",
    ]) {
      expect(actions, action).toContain(action)
    }
  })

  it("each have a label in Vietnamese and English", () => {
    const labels = adminCodeLabels.auditAction ?? {}
    const missing = [...actions].filter((action) => labels[action] === undefined).sort()
    expect(missing).toEqual([])
    for (const action of actions) {
      expect(labels[action]?.vi, action).not.toBe("")
      expect(labels[action]?.en, action).not.toBe("")
    }
  })

  it("put together from parts are each listed with what they can become", () => {
    expect([...templates].filter((template) => TEMPLATES[template] === undefined)).toEqual([])
  })
})
