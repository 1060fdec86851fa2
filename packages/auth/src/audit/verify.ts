import { type DatabaseError, DatabaseOwner, type OwnerTransaction } from "@abroad/db"
import { Effect } from "effect"

/** One break in a chain: where, and what the evidence says happened. */
export interface AuditBreak {
  readonly chain: string
  readonly seq: number
  readonly problem: "edited" | "removed_before" | "relinked" | "removed_at_end"
}

export interface AuditChainReport {
  readonly chain: string
  readonly entries: number
  readonly breaks: ReadonlyArray<AuditBreak>
}

const GENESIS = "0".repeat(64)

interface ChainRow {
  readonly seq: number
  readonly hash: string
  readonly prev_hash: string
  readonly recomputed: string
}

const RECOMPUTE = `abroad_audit_hash(prev_hash, seq, %TENANT%, occurred_at, actor_user_id, actor, action,
  entity_type, entity_id, details, ip) as recomputed`

const walk = (chain: string, rows: ReadonlyArray<ChainRow>, head: { seq: number; hash: string } | undefined) => {
  const breaks: Array<AuditBreak> = []
  let previous: ChainRow | undefined
  for (const row of rows) {
    if (row.recomputed !== row.hash) breaks.push({ chain, seq: row.seq, problem: "edited" })
    const expectedSeq = (previous?.seq ?? 0) + 1
    if (row.seq !== expectedSeq) breaks.push({ chain, seq: row.seq, problem: "removed_before" })
    else if (row.prev_hash !== (previous?.hash ?? GENESIS)) breaks.push({ chain, seq: row.seq, problem: "relinked" })
    previous = row
  }
  const lastSeq = previous?.seq ?? 0
  if (head !== undefined && (head.seq !== lastSeq || head.hash !== previous?.hash)) {
    breaks.push({ chain, seq: head.seq, problem: "removed_at_end" })
  }
  return { chain, entries: rows.length, breaks }
}

const headOf = async (tx: OwnerTransaction, chain: string) =>
  (
    await tx.query<{ seq: number; hash: string }>("select seq::int, hash from audit_chain_head where chain = $1", [
      chain,
    ])
  )[0]

const verifyTenantChain = (tx: OwnerTransaction, tenant: { id: string; code: string }) =>
  (async () => {
    // The owner is under the same forced row-level security: it reads one tenant at a time.
    await tx.query("select set_config('app.tenant_id', $1, true)", [tenant.id])
    const rows = await tx.query<ChainRow>(
      `select seq::int, hash, prev_hash, ${RECOMPUTE.replace("%TENANT%", "tenant_id")}
         from audit_event where tenant_id = $1 order by seq`,
      [tenant.id],
    )
    return walk(tenant.code, rows, await headOf(tx, tenant.id))
  })()

/**
 * Recomputes every chain (or one tenant's) and reports each break: an edited entry (its hash
 * no longer matches its content), a removed one (a gap in the sequence, or a link that no
 * longer points at its predecessor), or entries removed from the end (the head disagrees).
 */
export const verifyAuditChains = (
  onlyTenantCode?: string,
): Effect.Effect<ReadonlyArray<AuditChainReport>, DatabaseError, DatabaseOwner> =>
  Effect.gen(function* () {
    const owner = yield* DatabaseOwner
    return yield* owner.transaction(async (tx) => {
      const tenants = await tx.query<{ id: string; code: string }>(
        onlyTenantCode === undefined
          ? "select id::text, code from tenant order by code"
          : "select id::text, code from tenant where code = $1",
        onlyTenantCode === undefined ? [] : [onlyTenantCode],
      )
      const reports: Array<AuditChainReport> = []
      for (const tenant of tenants) reports.push(await verifyTenantChain(tx, tenant))
      if (onlyTenantCode === undefined) {
        const rows = await tx.query<ChainRow>(
          `select seq::int, hash, prev_hash, ${RECOMPUTE.replace("%TENANT%", "null")} from platform_audit_event order by seq`,
        )
        reports.push(walk("platform", rows, await headOf(tx, "platform")))
      }
      return reports
    })
  })
