import { type DatabaseError, type OrgUnitKind, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { sql } from "kysely"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** The change would break the tree's shape; `rule` says which rule. */
export class OrgUnitRefused extends Schema.TaggedError<OrgUnitRefused>()("OrgUnitRefused", {
  message: Message,
  rule: Schema.String,
}) {}

/** No such unit in this tenant (or outside the writer's reach). */
export class OrgUnitNotFound extends Schema.TaggedError<OrgUnitNotFound>()("OrgUnitNotFound", {
  message: Message,
}) {
  static readonly instance = () =>
    new OrgUnitNotFound({ message: { vi: "Không tìm thấy tổ chức đảng này.", en: "There is no such org unit." } })
}

/**
 * Which kind of unit may sit under which: the committee is the root; subordinate committees
 * under it; grassroots committees under either; cells under any committee (a cell directly
 * under a higher committee exists: chi bộ trực thuộc).
 */
const PARENT_KINDS: Readonly<Record<OrgUnitKind, ReadonlyArray<OrgUnitKind>>> = {
  committee: [],
  subordinate_committee: ["committee"],
  grassroots_committee: ["committee", "subordinate_committee"],
  cell: ["committee", "subordinate_committee", "grassroots_committee"],
}

const refused = (rule: string, vi: string, en: string) => new OrgUnitRefused({ rule, message: { vi, en } })

const unitById = (id: string) =>
  tenantQuery((db) =>
    db
      .selectFrom("org_unit")
      .select(["id", "kind", "path", "parent_id", "name"])
      .where("id", "=", id)
      .executeTakeFirst(),
  ).pipe(Effect.flatMap((row) => (row === undefined ? Effect.fail(OrgUnitNotFound.instance()) : Effect.succeed(row))))

const fitsUnder = (kind: OrgUnitKind, parentKind: OrgUnitKind) =>
  PARENT_KINDS[kind].includes(parentKind)
    ? Effect.void
    : Effect.fail(
        refused(
          "org_unit.parent_kind",
          "Loại tổ chức này không thể trực thuộc tổ chức đã chọn.",
          `A ${kind.replace("_", " ")} cannot sit under a ${parentKind.replace("_", " ")}.`,
        ),
      )

/** Adds a unit under `parentId`, effective from `validFrom`. The root committee exists once per tenant. */
export const createOrgUnit = (input: {
  readonly parentId: string
  readonly kind: OrgUnitKind
  readonly name: string
  readonly validFrom: string
}): Effect.Effect<
  { readonly id: string; readonly path: string },
  DatabaseError | OrgUnitRefused | OrgUnitNotFound,
  TenantTx
> =>
  Effect.gen(function* () {
    const parent = yield* unitById(input.parentId)
    yield* fitsUnder(input.kind, parent.kind)
    const id = crypto.randomUUID()
    const path = `${parent.path}${id}/`
    yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("org_unit")
        .values({
          tenant_id: tenantId,
          id,
          parent_id: parent.id,
          kind: input.kind,
          name: input.name.normalize("NFC").trim().replace(/\s+/g, " "),
          path,
          valid_from: input.validFrom,
        })
        .execute(),
    )
    return { id, path }
  })

/**
 * Moves a unit, with its whole subtree, under another parent from `effectiveOn`: the unit
 * keeps its id (members and grants follow it), the paths below are rewritten in one
 * statement, and the move is kept in the unit's history.
 */
export const moveOrgUnit = (input: {
  readonly unitId: string
  readonly toParentId: string
  readonly effectiveOn: string
  /** Today in Vietnam: the latest a move may be dated. */
  readonly today: string
  readonly movedBy: string | null
}): Effect.Effect<{ readonly movedUnits: number }, DatabaseError | OrgUnitRefused | OrgUnitNotFound, TenantTx> =>
  Effect.gen(function* () {
    const unit = yield* unitById(input.unitId)
    const target = yield* unitById(input.toParentId)
    if (unit.parent_id === null) {
      return yield* refused(
        "org_unit.root_fixed",
        "Không thể chuyển đảng bộ cấp tỉnh.",
        "The root committee cannot move.",
      )
    }
    if (target.path.startsWith(unit.path)) {
      return yield* refused(
        "org_unit.into_itself",
        "Không thể chuyển một tổ chức vào chính nó hoặc tổ chức trực thuộc nó.",
        "A unit cannot move into itself or into a unit below it.",
      )
    }
    yield* fitsUnder(unit.kind, target.kind)
    // A move takes effect when it is recorded: scheduling one for later is not supported, and
    // a move dated before the unit's last one would rewrite history out of order.
    if (input.effectiveOn > input.today) {
      return yield* refused(
        "org_unit.move_in_future",
        "Chưa hỗ trợ hẹn ngày chuyển trong tương lai; hãy ghi nhận việc chuyển vào ngày có hiệu lực.",
        "A move cannot be scheduled ahead yet; record it on the day it takes effect.",
      )
    }
    const last = yield* tenantQuery((db) =>
      db
        .selectFrom("org_unit_move")
        .select("effective_on")
        .where("org_unit_id", "=", unit.id)
        .orderBy("effective_on", "desc")
        .limit(1)
        .executeTakeFirst(),
    )
    if (last !== undefined && input.effectiveOn < last.effective_on) {
      return yield* refused(
        "org_unit.move_out_of_order",
        `Ngày hiệu lực phải từ ${last.effective_on} trở đi (lần chuyển gần nhất).`,
        `The effective date must be on or after ${last.effective_on}, the unit's last move.`,
      )
    }
    const newPath = `${target.path}${unit.id}/`
    const moved = yield* tenantQuery((db) =>
      db
        .updateTable("org_unit")
        .set({
          path: sql<string>`${newPath} || substr(path, ${unit.path.length + 1})`,
          parent_id: sql<string | null>`case when id = ${unit.id} then ${target.id}::uuid else parent_id end`,
        })
        .where("path", "like", `${unit.path}%`)
        .executeTakeFirst(),
    )
    yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("org_unit_move")
        .values({
          tenant_id: tenantId,
          org_unit_id: unit.id,
          from_parent_id: unit.parent_id,
          to_parent_id: target.id,
          effective_on: input.effectiveOn,
          moved_by: input.movedBy,
        })
        .execute(),
    )
    return { movedUnits: Number(moved.numUpdatedRows) }
  })
