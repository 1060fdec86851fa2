import { configField, Schema } from "@abroad/plugin-sdk"
import { describe, expect, it } from "vitest"
import { keepStoredSecrets, redactSecrets, secretPaths } from "../src/plugins/secrets.ts"

/** A notify-like config: a secret at the top, one inside an optional object, one two levels down. */
const Config = Schema.Struct({
  secret: configField(Schema.String.check(Schema.isMinLength(8)), { label: { vi: "Khóa", en: "Key" }, secret: true }),
  host: Schema.String,
  mail: Schema.optionalKey(
    Schema.Struct({
      user: Schema.String,
      auth: Schema.Struct({
        pass: configField(Schema.String, { label: { vi: "Mật khẩu", en: "Password" }, secret: true }),
      }),
    }),
  ),
})
const schema = Schema.toJsonSchemaDocument(Config).schema as Record<string, unknown>

describe("a plugin config's secrets", () => {
  it("are the parts its schema marks writeOnly, found through nested objects", () => {
    expect(secretPaths(schema)).toEqual([["secret"], ["mail", "auth", "pass"]])
  })

  it("are never shown: taken out of the config, their presence named", () => {
    const shown = redactSecrets(
      { secret: "s3cr3t-value", host: "smtp.example.vn", mail: { user: "u", auth: { pass: "p4ss" } } },
      schema,
    )
    expect(shown.config).toEqual({ host: "smtp.example.vn", mail: { user: "u", auth: {} } })
    expect(shown.secretsSet).toEqual(["secret", "mail.auth.pass"])
    expect(JSON.stringify(shown)).not.toMatch(/s3cr3t|p4ss/)
    expect(redactSecrets({ host: "h" }, schema).secretsSet).toEqual([])
  })

  it("keep their stored value when a config is saved without them, and go when sent as null", () => {
    const stored = { secret: "old-secret", host: "a", mail: { user: "u", auth: { pass: "old-pass" } } }
    expect(keepStoredSecrets({ host: "b", mail: { user: "v", auth: {} } }, stored, schema)).toEqual({
      secret: "old-secret",
      host: "b",
      mail: { user: "v", auth: { pass: "old-pass" } },
    })
    // A new value replaces the stored one; a removed parent takes its secret with it.
    expect(keepStoredSecrets({ secret: "new-secret", host: "b" }, stored, schema)).toEqual({
      secret: "new-secret",
      host: "b",
    })
    expect(keepStoredSecrets({ secret: null, host: "b" }, stored, schema)).toEqual({ host: "b" })
    // A first installation has nothing to keep.
    expect(keepStoredSecrets({ host: "b" }, undefined, schema)).toEqual({ host: "b" })
  })
})
