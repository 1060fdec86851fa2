import { describe, expect, it } from "vitest"
import { configForm, configFromForm, fieldOfIssue, formValuesOf, rowCount } from "../app/plugin-config.ts"

/**
 * The administrators' plugin form, generated from a config's JSON Schema — here the schemas the
 * plugin host publishes for `ho-chi-minh` (a table of dated periods, an integer) and a notify-like
 * plugin (lists, an enum, a nested optional object with a secret, a boolean).
 */

const label = (vi: string, en: string) => ({ allOf: [{ "x-label": { vi, en } }] })

const HO_CHI_MINH = {
  type: "object",
  properties: {
    congressPeriods: {
      type: "array",
      items: {
        type: "object",
        properties: {
          name: { type: "string", minLength: 1, ...label("Tên kỳ Đại hội", "Congress") },
          from: { type: "string", allOf: [{ "x-label": { vi: "Từ ngày", en: "From" }, format: "date" }] },
          to: { type: "string", allOf: [{ "x-label": { vi: "Đến ngày", en: "To" }, format: "date" }] },
        },
        required: ["name", "from", "to"],
      },
      ...label("Thời gian Đại hội Đảng bộ", "Party Congress periods"),
    },
    reportWorkingDays: { type: "integer", minimum: 1, maximum: 60 },
  },
  required: ["congressPeriods"],
}

const NOTIFY = {
  type: "object",
  properties: {
    allowedHosts: { type: "array", items: { type: "string" } },
    mail: {
      type: "object",
      properties: {
        host: { type: "string" },
        port: { type: "integer" },
        secure: { type: "boolean" },
        auth: {
          type: "object",
          properties: {
            user: { type: "string" },
            pass: { type: "string", allOf: [{ "x-label": { vi: "Mật khẩu", en: "Password" }, writeOnly: true }] },
          },
          required: ["user", "pass"],
        },
      },
      required: ["host", "port"],
    },
    language: {
      type: "string",
      enum: ["vi", "vi_en"],
      allOf: [
        { "x-label": { vi: "Ngôn ngữ", en: "Language" }, "x-options": { vi: { vi: "Tiếng Việt", en: "Vietnamese" } } },
      ],
    },
    holidays: { type: "array", items: { type: "string", format: "date" } },
    extra: { anyOf: [{ type: "string" }, { type: "number" }] },
  },
  required: ["allowedHosts"],
}

describe("the plugin config form, generated from the config's JSON Schema", () => {
  it("draws each schema shape as its control, with the plugin's own words", () => {
    const [periods, days] = configForm(HO_CHI_MINH)
    expect(periods).toMatchObject({
      kind: "rows",
      name: "config.congressPeriods",
      required: true,
      label: { vi: "Thời gian Đại hội Đảng bộ", en: "Party Congress periods" },
    })
    expect(periods?.kind === "rows" ? periods.columns.map((column) => [column.name, column.kind]) : []).toEqual([
      ["config.congressPeriods.#.name", "text"],
      ["config.congressPeriods.#.from", "date"],
      ["config.congressPeriods.#.to", "date"],
    ])
    // Without a label the property's name is spelled out.
    expect(days).toMatchObject({ kind: "integer", required: false, label: { en: "Report working days" } })
    const notify = configForm(NOTIFY)
    expect(notify.map((node) => [node.name, node.kind])).toEqual([
      ["config.allowedHosts", "list"],
      ["config.mail", "group"],
      ["config.language", "choice"],
      ["config.holidays", "list"],
      ["config.extra", "json"],
    ])
    // A choice's values carry the plugin's words; a value it left unnamed is shown as it is.
    expect(notify[2]).toMatchObject({
      label: { vi: "Ngôn ngữ", en: "Language" },
      options: [
        { value: "vi", label: { vi: "Tiếng Việt", en: "Vietnamese" } },
        { value: "vi_en", label: { vi: "vi_en", en: "vi_en" } },
      ],
    })
    const mail = notify[1]
    const auth = mail?.kind === "group" ? mail.children[3] : undefined
    expect(auth?.kind === "group" ? auth.children[1] : undefined).toMatchObject({
      name: "config.mail.auth.pass",
      kind: "secret",
      required: true,
    })
  })

  it("shows a stored config in dd/mm/yyyy, one list item a line — and never a secret", () => {
    const nodes = configForm(NOTIFY)
    const values = formValuesOf(nodes, {
      allowedHosts: ["smtp.example.vn", "openapi.zalo.me"],
      mail: { host: "smtp.example.vn", port: 587, secure: true, auth: { user: "u", pass: "stored-pass" } },
      holidays: ["2026-02-17"],
    })
    expect(values).toEqual({
      "config.allowedHosts": "smtp.example.vn\nopenapi.zalo.me",
      "config.mail.host": "smtp.example.vn",
      "config.mail.port": "587",
      "config.mail.secure": "true",
      "config.mail.auth.user": "u",
      "config.holidays": "17/02/2026",
    })
    const hcm = configForm(HO_CHI_MINH)
    const stored = formValuesOf(hcm, {
      congressPeriods: [{ name: "Đại hội I", from: "2025-10-01", to: "2025-10-20" }],
    })
    expect(stored).toEqual({
      "config.congressPeriods.0.name": "Đại hội I",
      "config.congressPeriods.0.from": "01/10/2025",
      "config.congressPeriods.0.to": "20/10/2025",
    })
    const periods = hcm[0]
    if (periods?.kind !== "rows") throw new Error("not rows")
    expect(rowCount(periods, stored)).toBe(3)
  })

  it("reads the posted form back into the config the API validates", () => {
    const hcm = configForm(HO_CHI_MINH)
    const parsed = configFromForm(hcm, {
      "config.congressPeriods.0.name": "",
      "config.congressPeriods.0.from": "",
      "config.congressPeriods.0.to": "",
      "config.congressPeriods.1.name": "Đại hội XII",
      "config.congressPeriods.1.from": "1/3/2026",
      "config.congressPeriods.1.to": "15/03/2026",
      "config.congressPeriods.2.name": "",
      "config.reportWorkingDays": " 5 ",
    })
    // The empty row is left out and the rest renumbered, as the API will number its issues.
    expect(parsed.config).toEqual({
      congressPeriods: [{ name: "Đại hội XII", from: "2026-03-01", to: "2026-03-15" }],
      reportWorkingDays: 5,
    })
    expect(parsed.values["config.congressPeriods.0.from"]).toBe("1/3/2026")
    expect(parsed.errors).toEqual({})
    // Nothing typed: a required table is sent empty, an optional number left out.
    expect(configFromForm(hcm, {}).config).toEqual({ congressPeriods: [] })

    const notify = configForm(NOTIFY)
    const mail = configFromForm(notify, {
      "config.allowedHosts": "smtp.example.vn\r\n\r\n openapi.zalo.me ",
      "config.mail.host": "smtp.example.vn",
      "config.mail.port": "587",
      "config.mail.secure": "false",
      "config.mail.auth.user": "u",
      "config.mail.auth.pass": "",
      "config.language": "",
      "config.holidays": "17/02/2026\n31/02/2026",
    })
    expect(mail.config).toEqual({
      allowedHosts: ["smtp.example.vn", "openapi.zalo.me"],
      // The secret left empty is not sent: the API keeps the stored one.
      mail: { host: "smtp.example.vn", port: 587, secure: false, auth: { user: "u" } },
      holidays: ["2026-02-17", "31/02/2026"],
    })
    expect(mail.errors).toEqual({ "config.holidays": "invalidDate" })
    // An optional group left empty is left out; "clear" removes a stored secret.
    expect(configFromForm(notify, { "config.allowedHosts": "" }).config).toEqual({ allowedHosts: [] })
    expect(
      configFromForm(notify, {
        "config.mail.host": "h",
        "config.mail.port": "x",
        "config.mail.auth.pass.clear": "on",
      }),
    ).toMatchObject({
      config: { allowedHosts: [], mail: { host: "h", port: "x", auth: { pass: null } } },
      errors: { "config.mail.port": "invalidNumber" },
    })
  })

  it("puts each issue of the API beside the control it is about", () => {
    const hcm = configForm(HO_CHI_MINH)
    expect(fieldOfIssue(hcm, ["body", "config", "congressPeriods", 1, "from"])).toBe("config.congressPeriods.1.from")
    // A rule about a whole row (`from` after `to`) goes to the table.
    expect(fieldOfIssue(hcm, ["body", "config", "congressPeriods", 0])).toBe("config.congressPeriods")
    expect(fieldOfIssue(hcm, ["body", "config", "reportWorkingDays"])).toBe("config.reportWorkingDays")
    const notify = configForm(NOTIFY)
    expect(fieldOfIssue(notify, ["body", "config", "allowedHosts", 2])).toBe("config.allowedHosts")
    expect(fieldOfIssue(notify, ["body", "config", "mail", "auth", "pass"])).toBe("config.mail.auth.pass")
    expect(fieldOfIssue(notify, ["body", "config", "mail", "port"])).toBe("config.mail.port")
    expect(fieldOfIssue(notify, ["body", "config", "unknown"])).toBe("_form")
    expect(fieldOfIssue(notify, ["body", "enabled"])).toBe("_form")
  })
})
