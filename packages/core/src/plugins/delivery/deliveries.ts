import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { sql } from "kysely"
import type { DeliveryError } from "./claims.ts"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** No such delivery in the tenant (another tenant's ids are not found either). */
export class DeliveryNotFound extends Schema.TaggedError<DeliveryNotFound>()("DeliveryNotFound", {
  message: Message,
}) {
  static readonly instance = () =>
    new DeliveryNotFound({
      message: { vi: "Không tìm thấy lượt chuyển sự kiện này.", en: "There is no such event delivery." },
    })
}

/** Only a parked delivery is retried by hand: a pending one is retried by the worker already. */
export class DeliveryNotParked extends Schema.TaggedError<DeliveryNotParked>()("DeliveryNotParked", {
  message: Message,
}) {
  static readonly instance = () =>
    new DeliveryNotParked({
      message: {
        vi: "Chỉ gửi lại được sự kiện đã tạm dừng; sự kiện này đang chờ gửi hoặc đã gửi xong.",
        en: "Only a parked delivery can be retried; this one is pending or delivered.",
      },
    })
}

/**
 * The administrator's filters: `pending` (waiting or under way), `failed` (pending after at least
 * one failed attempt: backing off), `parked` (gave up; needs a retry), `delivered`.
 */
export const DELIVERY_FILTERS = ["pending", "failed", "parked", "delivered"] as const
export type DeliveryFilter = (typeof DELIVERY_FILTERS)[number]

/** One event for one plugin, as the tenant's administrator sees it. */
export interface DeliveryView {
  readonly id: string
  readonly pluginId: string
  readonly eventId: string
  readonly eventType: string
  readonly entityType: string
  readonly entityId: string
  readonly occurredAt: Date
  readonly status: "pending" | "delivered" | "parked"
  /** A worker holds it now. */
  readonly inFlight: boolean
  readonly attempts: number
  /** Pending: when it is tried next (while under way: when the worker's claim lapses). */
  readonly nextAttemptAt: Date | null
  readonly lastAttemptAt: Date | null
  readonly lastError: DeliveryError | null
  readonly deliveredAt: Date | null
  readonly parkedAt: Date | null
}

/** A page cursor: the last row's outbox position and id. Opaque to clients. */
export const DELIVERY_CURSOR = /^(\d{1,19})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

const COLUMNS = [
  "d.id",
  "d.plugin_id",
  "d.event_id",
  "d.seq",
  "d.event_type",
  "d.entity_type",
  "d.entity_id",
  "d.status",
  "d.claim_token",
  "d.attempts",
  "d.next_attempt_at",
  "d.last_attempt_at",
  "d.last_error",
  "d.delivered_at",
  "d.parked_at",
  "e.occurred_at",
] as const

const toView = (row: {
  id: string
  plugin_id: string
  event_id: string
  event_type: string
  entity_type: string
  entity_id: string
  status: "pending" | "delivered" | "parked"
  claim_token: string | null
  attempts: number
  next_attempt_at: Date | null
  last_attempt_at: Date | null
  last_error: unknown
  delivered_at: Date | null
  parked_at: Date | null
  occurred_at: Date
}): DeliveryView => ({
  id: row.id,
  pluginId: row.plugin_id,
  eventId: row.event_id,
  eventType: row.event_type,
  entityType: row.entity_type,
  entityId: row.entity_id,
  occurredAt: new Date(row.occurred_at),
  status: row.status,
  inFlight: row.claim_token !== null,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at),
  lastAttemptAt: row.last_attempt_at === null ? null : new Date(row.last_attempt_at),
  lastError: (row.last_error ?? null) as DeliveryError | null,
  deliveredAt: row.delivered_at === null ? null : new Date(row.delivered_at),
  parkedAt: row.parked_at === null ? null : new Date(row.parked_at),
})

/** The tenant's deliveries, newest event first, `limit` per page; `next` is the cursor of the following page. */
export const listDeliveries = (input: {
  readonly status?: DeliveryFilter | undefined
  readonly pluginId?: string | undefined
  readonly after?: string | undefined
  readonly limit: number
}): Effect.Effect<
  { readonly deliveries: ReadonlyArray<DeliveryView>; readonly next: string | undefined },
  DatabaseError,
  TenantTx
> =>
  tenantQuery(async (db) => {
    let query = db
      .selectFrom("plugin_delivery as d")
      .innerJoin("outbox_event as e", (join) =>
        join.onRef("e.tenant_id", "=", "d.tenant_id").onRef("e.id", "=", "d.event_id"),
      )
      .select(COLUMNS)
      .orderBy("d.seq", "desc")
      .orderBy("d.id", "desc")
      .limit(input.limit + 1)
    if (input.pluginId !== undefined) query = query.where("d.plugin_id", "=", input.pluginId)
    if (input.status === "failed") {
      query = query.where("d.status", "=", "pending").where("d.last_error", "is not", null)
    } else if (input.status !== undefined) {
      query = query.where("d.status", "=", input.status)
    }
    const cursor = input.after === undefined ? null : DELIVERY_CURSOR.exec(input.after)
    if (cursor !== null) {
      query = query.where(sql<boolean>`(d.seq, d.id) < (${cursor[1]}::bigint, ${cursor[2]}::uuid)`)
    }
    const rows = await query.execute()
    const page = rows.slice(0, input.limit)
    const last = page[page.length - 1]
    return {
      deliveries: page.map(toView),
      next: rows.length > input.limit && last !== undefined ? `${last.seq}_${last.id}` : undefined,
    }
  })

/** One delivery of the tenant. */
export const deliveryById = (id: string): Effect.Effect<DeliveryView, DatabaseError | DeliveryNotFound, TenantTx> =>
  Effect.gen(function* () {
    const row = yield* tenantQuery((db) =>
      db
        .selectFrom("plugin_delivery as d")
        .innerJoin("outbox_event as e", (join) =>
          join.onRef("e.tenant_id", "=", "d.tenant_id").onRef("e.id", "=", "d.event_id"),
        )
        .select(COLUMNS)
        .where("d.id", "=", id)
        .executeTakeFirst(),
    )
    if (row === undefined) return yield* Effect.fail(DeliveryNotFound.instance())
    return toView(row)
  })

/**
 * The administrator's retry: a parked delivery goes back to pending, due at `now`, with a fresh
 * series of attempts. Its entity's later events, which waited behind it, follow once it is delivered.
 */
export const retryDelivery = (
  id: string,
  now: Date,
): Effect.Effect<DeliveryView, DatabaseError | DeliveryNotFound | DeliveryNotParked, TenantTx> =>
  Effect.gen(function* () {
    const current = yield* deliveryById(id)
    if (current.status !== "parked") return yield* Effect.fail(DeliveryNotParked.instance())
    const updated = yield* tenantQuery((db) =>
      db
        .updateTable("plugin_delivery")
        .set({ status: "pending", attempts: 0, next_attempt_at: now, parked_at: null })
        .where("id", "=", id)
        .where("status", "=", "parked")
        .executeTakeFirst(),
    )
    // Parked deliveries are changed by nothing but this; a concurrent retry got there first.
    if (updated.numUpdatedRows === 0n) return yield* Effect.fail(DeliveryNotParked.instance())
    return yield* deliveryById(id)
  })

/** Retries every parked delivery of the tenant (or of one plugin); answers how many. */
export const retryParkedDeliveries = (input: {
  readonly pluginId?: string | undefined
  readonly now: Date
}): Effect.Effect<number, DatabaseError, TenantTx> =>
  tenantQuery(async (db) => {
    let update = db
      .updateTable("plugin_delivery")
      .set({ status: "pending", attempts: 0, next_attempt_at: input.now, parked_at: null })
      .where("status", "=", "parked")
    if (input.pluginId !== undefined) update = update.where("plugin_id", "=", input.pluginId)
    const result = await update.executeTakeFirst()
    return Number(result.numUpdatedRows)
  })
