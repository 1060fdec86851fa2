/** A bench database of its own for each suite, on the test server, dropped after. */
import { randomBytes } from "node:crypto"
import { TEST_POSTGRES_URL } from "@abroad/db/testing"
import postgres from "postgres"

export const benchTestDatabase = () => {
  const name = `abroad_test_bench_${process.pid}_${randomBytes(3).toString("hex")}`
  return {
    name,
    adminUrl: TEST_POSTGRES_URL,
    drop: async () => {
      const sql = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} })
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`)
      } finally {
        await sql.end({ timeout: 5 })
      }
    },
  }
}
