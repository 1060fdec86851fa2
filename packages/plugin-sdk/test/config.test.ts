import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { configField } from "../src/config.ts"
import { configWordsMissing } from "../src/testing/config-words.ts"

/** The merged JSON Schema of one property, as the web app's form reads it (`allOf` members folded in). */
const propertyOf = (schema: Schema.Top, key: string): Record<string, unknown> => {
  const document = Schema.toJsonSchemaDocument(Schema.Struct({ [key]: schema })).schema as {
    properties: Record<string, Record<string, unknown>>
  }
  const node = document.properties[key] ?? {}
  const members = Array.isArray(node.allOf) ? (node.allOf as Array<Record<string, unknown>>) : []
  return Object.assign({}, node, ...members)
}

describe("configField: the words a plugin's config form shows", () => {
  it("carries the label and help in both languages, and marks secrets and days", () => {
    const host = propertyOf(
      configField(Schema.String, {
        label: { vi: "Máy chủ", en: "Host" },
        help: { vi: "Tên máy chủ SMTP.", en: "The SMTP server's name." },
      }),
      "host",
    )
    expect(host).toMatchObject({
      type: "string",
      "x-label": { vi: "Máy chủ", en: "Host" },
      "x-help": { vi: "Tên máy chủ SMTP.", en: "The SMTP server's name." },
    })
    expect(host.writeOnly).toBeUndefined()
    expect(
      propertyOf(configField(Schema.String, { label: { vi: "Khóa", en: "Key" }, secret: true }), "key"),
    ).toMatchObject({ writeOnly: true })
    expect(
      propertyOf(configField(Schema.String, { label: { vi: "Ngày", en: "Day" }, date: true }), "day"),
    ).toMatchObject({ format: "date" })
  })

  it("names each value of a choice, beside the values themselves", () => {
    const language = propertyOf(
      configField(Schema.Literals(["vi", "vi_en"]), {
        label: { vi: "Ngôn ngữ", en: "Language" },
        options: { vi: { vi: "Tiếng Việt", en: "Vietnamese" }, vi_en: { vi: "Việt – Anh", en: "Vietnamese–English" } },
      }),
      "language",
    )
    expect(language.enum).toEqual(["vi", "vi_en"])
    expect(language["x-options"]).toEqual({
      vi: { vi: "Tiếng Việt", en: "Vietnamese" },
      vi_en: { vi: "Việt – Anh", en: "Vietnamese–English" },
    })
  })

  it("does not change what the schema accepts", () => {
    const port = configField(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 65535 })), {
      label: { vi: "Cổng", en: "Port" },
    })
    expect(Schema.decodeUnknownExit(port)(587)._tag).toBe("Success")
    expect(Schema.decodeUnknownExit(port)(0)._tag).toBe("Failure")
  })
})

describe("configWordsMissing: the test kit's check that a config form has words everywhere", () => {
  it("names each property without a label and each choice value without words", () => {
    const Config = Schema.Struct({
      host: configField(Schema.String, { label: { vi: "Máy chủ", en: "Host" } }),
      port: Schema.optionalKey(Schema.Int),
      mail: Schema.optionalKey(
        configField(Schema.Struct({ from: Schema.String }), { label: { vi: "Thư", en: "Mail" } }),
      ),
      rows: configField(Schema.Array(Schema.Struct({ name: Schema.String })), { label: { vi: "Dòng", en: "Rows" } }),
      language: configField(Schema.Literals(["vi", "vi_en"]), {
        label: { vi: "Ngôn ngữ", en: "Language" },
        options: { vi: { vi: "Tiếng Việt", en: "Vietnamese" } },
      }),
    })
    expect(configWordsMissing(Config)).toEqual(["port", "mail.from", "rows.#.name", "language=vi_en"])
  })
})
