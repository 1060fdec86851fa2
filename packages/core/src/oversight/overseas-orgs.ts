import { type DatabaseError, type DB, type OversightTx, oversightQuery } from "@abroad/db"
import { Effect } from "effect"
import type { Transaction } from "kysely"
import { OversightConflict, OversightNotFound, OversightRefused } from "./errors.ts"

/** Tổ chức đảng ở nước ngoài: a party committee at a mission (đảng bộ), or a cell (chi bộ). */
export interface OverseasOrg {
  readonly id: string
  readonly parentId: string | null
  readonly kind: "committee" | "cell"
  readonly name: string
  /** ISO 3166-1 alpha-2. */
  readonly country: string
  readonly mission: string | null
  readonly active: boolean
}

/** Runs a query on whichever transaction the caller is in: the register is read by tenants and oversight alike. */
export type RegisterQuery<R> = <A>(run: (db: Transaction<DB>) => Promise<A>) => Effect.Effect<A, DatabaseError, R>

const COLUMNS = ["id", "parent_id", "kind", "name", "country", "mission", "active", "path"] as const

type Row = {
  readonly id: string
  readonly parent_id: string | null
  readonly kind: "committee" | "cell"
  readonly name: string
  readonly country: string
  readonly mission: string | null
  readonly active: boolean
}

const toOrg = (row: Row): OverseasOrg => ({
  id: row.id,
  parentId: row.parent_id,
  kind: row.kind,
  name: row.name,
  country: row.country.trim(),
  mission: row.mission,
  active: row.active,
})

const NOT_FOUND = () =>
  OversightNotFound.of("Không có tổ chức đảng ở nước ngoài này.", "There is no such party organisation abroad.")

const text = (value: string) => value.normalize("NFC").replace(/\s+/g, " ").trim()

/** The register, by country then tree order; `country` narrows it, inactive ones only when asked. */
export const listOverseasOrgs = <R>(
  query: RegisterQuery<R>,
  filter: { readonly country?: string | undefined; readonly includeInactive?: boolean | undefined },
): Effect.Effect<ReadonlyArray<OverseasOrg>, DatabaseError, R> =>
  query((db) => {
    let select = db.selectFrom("overseas_org").select(COLUMNS)
    if (filter.country !== undefined) select = select.where("country", "=", filter.country.toUpperCase())
    if (filter.includeInactive !== true) select = select.where("active", "=", true)
    return select.orderBy("country").orderBy("path").execute()
  }).pipe(Effect.map((rows) => rows.map(toOrg)))

/** One organisation of the register. */
export const overseasOrgById = <R>(
  query: RegisterQuery<R>,
  id: string,
): Effect.Effect<OverseasOrg, DatabaseError | OversightNotFound, R> =>
  query((db) => db.selectFrom("overseas_org").select(COLUMNS).where("id", "=", id).executeTakeFirst()).pipe(
    Effect.flatMap((row) => (row === undefined ? Effect.fail(NOT_FOUND()) : Effect.succeed(toOrg(row)))),
  )

/**
 * The ids among `ids` that are not active organisations of the register, for callers that
 * address them (bulletins, transfers).
 */
export const unknownOverseasOrgs = <R>(
  query: RegisterQuery<R>,
  ids: ReadonlyArray<string>,
): Effect.Effect<ReadonlyArray<string>, DatabaseError, R> =>
  ids.length === 0
    ? Effect.succeed([])
    : query((db) =>
        db.selectFrom("overseas_org").select("id").where("id", "in", ids).where("active", "=", true).execute(),
      ).pipe(
        Effect.map((rows) => {
          const known = new Set(rows.map((row) => row.id))
          return ids.filter((id) => !known.has(id))
        }),
      )

export interface OverseasOrgForm {
  readonly parentId: string | null
  readonly kind: "committee" | "cell"
  readonly name: string
  readonly country: string
  readonly mission: string | null
}

/** Adds an organisation to the register: a cell under a committee of the same country, or a committee. */
export const createOverseasOrg = (
  form: OverseasOrgForm,
): Effect.Effect<OverseasOrg, DatabaseError | OversightRefused, OversightTx> =>
  Effect.gen(function* () {
    const name = text(form.name)
    const country = form.country.toUpperCase()
    const known = yield* oversightQuery((db) =>
      db.selectFrom("country").select("code").where("code", "=", country).executeTakeFirst(),
    )
    if (known === undefined || country === "VN") {
      return yield* OversightRefused.of(
        "overseas_org.country",
        country === "VN"
          ? "Tổ chức đảng ở nước ngoài không thể ở Việt Nam (VN)."
          : `Mã quốc gia không hợp lệ: ${country}.`,
        country === "VN"
          ? "An organisation abroad cannot be in Vietnam (VN)."
          : `Not an ISO 3166-1 country code: ${country}.`,
      )
    }
    const parent =
      form.parentId === null
        ? undefined
        : yield* oversightQuery((db) =>
            db.selectFrom("overseas_org").select(COLUMNS).where("id", "=", form.parentId).executeTakeFirst(),
          )
    if (form.parentId !== null && (parent === undefined || parent.kind !== "committee" || !parent.active)) {
      return yield* OversightRefused.of(
        "overseas_org.parent",
        "Tổ chức cấp trên phải là một đảng bộ ở nước ngoài đang hoạt động.",
        "The parent must be an active party committee abroad.",
      )
    }
    if (parent !== undefined && parent.country.trim() !== country) {
      return yield* OversightRefused.of(
        "overseas_org.parent_country",
        "Chi bộ phải ở cùng nước với đảng bộ cấp trên.",
        "A cell must be in the same country as its committee.",
      )
    }
    const id = crypto.randomUUID()
    const row = yield* oversightQuery((db) =>
      db
        .insertInto("overseas_org")
        .values({
          id,
          parent_id: form.parentId,
          kind: form.kind,
          name,
          country,
          mission: form.mission === null ? null : text(form.mission),
          path: `${parent?.path ?? "/"}${id}/`,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow(),
    )
    return toOrg(row)
  })

/** Renames an organisation, changes its mission, or closes (or reopens) it. */
export const updateOverseasOrg = (
  id: string,
  change: {
    readonly name?: string | undefined
    readonly mission?: string | null | undefined
    readonly active?: boolean | undefined
  },
): Effect.Effect<OverseasOrg, DatabaseError | OversightNotFound, OversightTx> =>
  oversightQuery((db) =>
    db
      .updateTable("overseas_org")
      .set({
        ...(change.name === undefined ? {} : { name: text(change.name) }),
        ...(change.mission === undefined ? {} : { mission: change.mission === null ? null : text(change.mission) }),
        ...(change.active === undefined ? {} : { active: change.active }),
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .returning(COLUMNS)
      .executeTakeFirst(),
  ).pipe(Effect.flatMap((row) => (row === undefined ? Effect.fail(NOT_FOUND()) : Effect.succeed(toOrg(row)))))

/**
 * Removes an organisation nothing refers to. One with cells, transfers or notices stays in the
 * register for their history: close it instead (409 `overseas_org.in_use`).
 */
export const deleteOverseasOrg = (
  id: string,
): Effect.Effect<void, DatabaseError | OversightNotFound | OversightConflict, OversightTx> =>
  oversightQuery((db) => db.deleteFrom("overseas_org").where("id", "=", id).executeTakeFirst()).pipe(
    Effect.catchIf(
      (error): error is DatabaseError => error.sqlState === "23503",
      () =>
        Effect.fail(
          OversightConflict.of(
            "overseas_org.in_use",
            "Tổ chức này đã có chi bộ trực thuộc, hồ sơ chuyển sinh hoạt hoặc thông báo: hãy đóng thay vì xóa.",
            "This organisation has cells, transfers or notices: close it instead of deleting it.",
          ),
        ),
    ),
    Effect.flatMap((result) => (Number(result.numDeletedRows) === 0 ? Effect.fail(NOT_FOUND()) : Effect.void)),
  )
