import { randomBytes } from "node:crypto"
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import type { ServerConfig } from "./config.ts"

/**
 * The server's secret, which seals every TOTP key at rest. Given by APP_SECRET in
 * production (kept out of the database and its backups); on a machine without one, a
 * random secret is made once and kept beside the data folder, readable by its owner only,
 * so that a restart still opens what it sealed.
 */
export const serverSecret = (config: ServerConfig): { readonly key: Uint8Array; readonly source: string } => {
  if (config.appSecret !== undefined) return { key: config.appSecret, source: "APP_SECRET" }
  const base = config.database._tag === "pglite" ? dirname(config.database.dataDir) : join(process.cwd(), ".data")
  const file = join(base, "app-secret")
  if (!existsSync(file)) {
    mkdirSync(base, { recursive: true })
    // Written whole under another name, then linked into place: several serving processes
    // (SERVER_PROCESSES) may start at once, and none must read a half-written key or keep its own.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`
    writeFileSync(draft, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" })
    try {
      linkSync(draft, file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
    } finally {
      unlinkSync(draft)
    }
  }
  chmodSync(file, 0o600)
  const hex = readFileSync(file, "utf8").trim()
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new Error(
      `${file}: không phải khóa 32 byte / not a 32-byte key (64 hex characters); set APP_SECRET or remove the file`,
    )
  }
  return { key: new Uint8Array(Buffer.from(hex, "hex")), source: file }
}
