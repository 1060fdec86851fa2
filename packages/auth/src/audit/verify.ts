import { type DatabaseError, DatabaseOwner, type OwnerTransaction } from "@abroad/db"
import { Effect } from "effect"

/** One break in a chain: where, and what the evidence says happened. */
export interface AuditBreak {
  readonly chain: string
  readonly seq: number
  /**
   * `rewritten`: a chain moved by a merge no longer ends where its successor's chain recorded it
   * ending (`tenant.merged_in`): rewritten from some entry onwards, head included.
   */
  readonly problem: "edited" | "removed_before" | "relinked" | "removed_at_end" | "rewritten"
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

// A moved entry (a merge took it to its successor) is hashed with the tenant whose chain it is:
// `origin_tenant_id` keeps that tenant; an entry born in its tenant has none.
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

interface TenantChainRow extends ChainRow {
  readonly chain: string
}

/** Every entry held by `holder`, its own chain's and those of the tenants merged into it, by chain. */
const readChainsHeldBy = async (tx: OwnerTransaction, holder: string) => {
  // The owner is under the same forced row-level security: it reads one tenant at a time.
  await tx.query("select set_config('app.tenant_id', $1, true)", [holder])
  const rows = await tx.query<TenantChainRow>(
    `select coalesce(origin_tenant_id, tenant_id)::text as chain, seq::int, hash, prev_hash,
            ${RECOMPUTE.replace("%TENANT%", "coalesce(origin_tenant_id, tenant_id)")}
       from audit_event where tenant_id = $1 order by 1, seq`,
    [holder],
  )
  // Where each chain merged into this one ended, as the successor's own chain recorded it.
  const anchors = await tx.query<{ code: string; seq: number; hash: string }>(
    `select entity_id as code, (details -> 'chainHead' ->> 'seq')::int as seq, details -> 'chainHead' ->> 'hash' as hash
       from audit_event where tenant_id = $1 and action = 'tenant.merged_in' and details -> 'chainHead' is not null`,
    [holder],
  )
  const chains = new Map<string, Array<ChainRow>>()
  for (const row of rows) {
    const chain = chains.get(row.chain)
    if (chain === undefined) chains.set(row.chain, [row])
    else chain.push(row)
  }
  return { chains, anchors: new Map(anchors.map((a) => [a.code, a])) }
}

/** A moved chain must still end where its successor recorded it ending. */
const checkAnchor = (
  report: AuditChainReport,
  rows: ReadonlyArray<ChainRow>,
  anchor: { seq: number; hash: string } | undefined,
) => {
  if (anchor === undefined) return report
  const last = rows.at(-1)
  if (last !== undefined && last.seq === anchor.seq && last.hash === anchor.hash) return report
  return {
    ...report,
    breaks: [...report.breaks, { chain: report.chain, seq: anchor.seq, problem: "rewritten" as const }],
  }
}

/**
 * Recomputes every chain (or one tenant's, with the chains of the tenants merged into it) and reports each break: an edited entry (its hash
 * no longer matches its content), a removed one (a gap in the sequence, or a link that no
 * longer points at its predecessor), or entries removed from the end (the head disagrees).
 */
export const verifyAuditChains = (
  onlyTenantCode?: string,
): Effect.Effect<ReadonlyArray<AuditChainReport>, DatabaseError, DatabaseOwner> =>
  Effect.gen(function* () {
    const owner = yield* DatabaseOwner
    return yield* owner.transaction(async (tx) => {
      // A merged tenant's chain lives on in the tenant that took it in (followed to the last one).
      const tenants = await tx.query<{ id: string; code: string; holder: string }>(
        `with recursive holder (id, code, holder) as (
           select id, code, id from tenant
           union all
           select h.id, h.code, t.merged_into from holder h join tenant t on t.id = h.holder where t.merged_into is not null
         )
         select distinct on (h.id) h.id::text, h.code, h.holder::text from holder h
           join tenant t on t.id = h.holder
          where t.merged_into is null ${onlyTenantCode === undefined ? "" : "and (h.code = $1 or h.holder = (select id from tenant where code = $1))"}
          order by h.id`,
        onlyTenantCode === undefined ? [] : [onlyTenantCode],
      )
      const held = new Map<string, Awaited<ReturnType<typeof readChainsHeldBy>>>()
      const reports: Array<AuditChainReport> = []
      for (const tenant of [...tenants].sort((a, b) => a.code.localeCompare(b.code))) {
        let holding = held.get(tenant.holder)
        if (holding === undefined) {
          holding = await readChainsHeldBy(tx, tenant.holder)
          held.set(tenant.holder, holding)
        }
        const rows = holding.chains.get(tenant.id) ?? []
        reports.push(
          checkAnchor(walk(tenant.code, rows, await headOf(tx, tenant.id)), rows, holding.anchors.get(tenant.code)),
        )
      }
      if (onlyTenantCode === undefined) {
        const rows = await tx.query<ChainRow>(
          `select seq::int, hash, prev_hash, ${RECOMPUTE.replace("%TENANT%", "null")} from platform_audit_event order by seq`,
        )
        reports.push(walk("platform", rows, await headOf(tx, "platform")))
      }
      return reports
    })
  })
