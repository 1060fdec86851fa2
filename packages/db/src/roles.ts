/**
 * The database roles every installation has. Roles are cluster-wide in PostgreSQL,
 * so the names carry the product prefix; the migrations create them idempotently.
 */
export const Roles = {
  /** Owns the schema and runs migrations. */
  owner: "abroad_owner",
  /** Serves requests: DML only, never bypasses row-level security. */
  app: "abroad_app",
  /** Đảng ủy Bộ Ngoại giao: reads the cross-tenant oversight views only. */
  oversight: "abroad_oversight",
  /** Ban Tổ chức Trung ương: reads aggregates only. */
  analyst: "abroad_analyst",
} as const

export type RoleName = (typeof Roles)[keyof typeof Roles]

/** The transaction-local setting the row-level security policies read. */
export const TENANT_SETTING = "app.tenant_id"
