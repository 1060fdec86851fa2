import { type DatabaseError, type MemberStatus, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { pluginMemberOf } from "../plugins/bridge.ts"
import type { PluginFailed } from "../plugins/dispatch.ts"
import type { PluginInputInvalid } from "../plugins/errors.ts"
import { decodePluginFields, qualifiedRule, runRuleHook } from "../plugins/hooks.ts"
import { PluginHost } from "../plugins/host.ts"
import { asJsonb } from "../trips/stored.ts"
import { type MemberFields, type MemberIssue, memberProblems, type Sex } from "./validation.ts"
import type { Visibility } from "./visibility.ts"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** The record breaks one or more rules; each issue names its field, its rule and why. */
export class MemberInvalid extends Schema.TaggedError<MemberInvalid>()("MemberInvalid", {
  message: Message,
  issues: Schema.Array(Schema.Struct({ field: Schema.String, rule: Schema.String, message: Message })),
}) {}

/** Another member of the tenant already has this citizen ID or party card number. */
export class MemberDuplicate extends Schema.TaggedError<MemberDuplicate>()("MemberDuplicate", {
  message: Message,
  field: Schema.Literals(["citizenId", "partyCardNo"]),
}) {}

/** No such member within the reader's reach (another tenant's, or outside the scope). */
export class MemberNotFound extends Schema.TaggedError<MemberNotFound>()("MemberNotFound", {
  message: Message,
}) {
  static readonly instance = () =>
    new MemberNotFound({ message: { vi: "Không tìm thấy đảng viên này.", en: "There is no such member." } })
}

/** The full record of a party member (hồ sơ đảng viên). */
export interface MemberRecord extends MemberFields {
  readonly id: string
  /** Fields of the tenant's plugins, under each plugin's id. */
  readonly extra: Readonly<Record<string, unknown>>
  readonly orgUnitId: string
  readonly managedByUnitId: string | null
  readonly status: MemberStatus
  readonly politicalIssuePending: boolean
  readonly updatedAt: Date
}

export interface MemberDraft extends MemberFields {
  /** Fields of the tenant's enabled plugins, under each plugin's id; absent on an update: kept as they are. */
  readonly extra?: Readonly<Record<string, unknown>> | undefined
  readonly orgUnitId: string
  readonly managedByUnitId: string | null
  readonly status: MemberStatus
  readonly politicalIssuePending: boolean
}

const invalid = (issues: ReadonlyArray<MemberIssue>) =>
  new MemberInvalid({
    message: {
      vi: "Hồ sơ đảng viên chưa hợp lệ. Xem lỗi của từng trường.",
      en: "The member's record is not valid. See the issue of each field.",
    },
    issues,
  })

const unitIssue = (field: "orgUnitId" | "managedByUnitId", vi: string, en: string): MemberIssue => ({
  field,
  rule: `${field === "orgUnitId" ? "org_unit" : "managed_by"}.unknown`,
  message: { vi, en },
})

const inScope = (visibility: Visibility, path: string) =>
  visibility.kind === "tenant" || (visibility.kind === "subtrees" && visibility.paths.some((p) => path.startsWith(p)))

/** Checks the record and the units it names: the cell within the writer's scope, the managing committee in the tenant. */
const check = (draft: MemberDraft, visibility: Visibility, today: string) =>
  Effect.gen(function* () {
    const issues = [...memberProblems(draft, today)]
    const units = yield* tenantQuery((db) =>
      db
        .selectFrom("org_unit")
        .select(["id", "kind", "path"])
        .where("id", "in", [draft.orgUnitId, ...(draft.managedByUnitId === null ? [] : [draft.managedByUnitId])])
        .execute(),
    )
    const cell = units.find((unit) => unit.id === draft.orgUnitId)
    if (cell === undefined || !inScope(visibility, cell.path)) {
      issues.push(
        unitIssue(
          "orgUnitId",
          "Không có chi bộ này trong phạm vi của bạn.",
          "There is no such cell within your scope.",
        ),
      )
    } else if (cell.kind !== "cell") {
      issues.push({
        field: "orgUnitId",
        rule: "org_unit.not_a_cell",
        message: { vi: "Đảng viên sinh hoạt tại một chi bộ.", en: "A member belongs to a cell (chi bộ)." },
      })
    }
    if (draft.managedByUnitId !== null) {
      const manager = units.find((unit) => unit.id === draft.managedByUnitId)
      if (
        manager === undefined ||
        manager.kind === "cell" ||
        (cell !== undefined && !cell.path.startsWith(manager.path))
      ) {
        issues.push(
          unitIssue(
            "managedByUnitId",
            "Cấp quản lý phải là một đảng ủy cấp trên của chi bộ.",
            "The managing unit must be a committee above the member's cell.",
          ),
        )
      }
    }
    if (issues.length > 0) return yield* invalid(issues)
  })

/**
 * The tenant's plugins' `member.validate` rules on the record as written (in the same transaction:
 * a block rolls the write back). Warnings are for the web form; the API keeps to blocks.
 */
const memberRules = (memberId: string) =>
  Effect.gen(function* () {
    if ((yield* PluginHost).catalogue.length === 0) return
    const row = yield* tenantQuery((db) =>
      db
        .selectFrom("member")
        .select(["id", "full_name", "citizen_id", "party_card_no", "birth_date", "org_unit_id", "status", "extra"])
        .where("id", "=", memberId)
        .executeTakeFirstOrThrow(),
    )
    const outcomes = yield* runRuleHook("member.validate", (pluginId) =>
      JSON.parse(JSON.stringify({ member: pluginMemberOf(row, pluginId) })),
    )
    const blocks = outcomes.filter((outcome) => outcome.kind === "block")
    if (blocks.length > 0) {
      return yield* invalid(
        blocks.map((block) => ({
          field: "member",
          rule: qualifiedRule(block.pluginId, block.rule),
          message: block.message,
        })),
      )
    }
  })

const duplicateOf = (error: DatabaseError) => {
  const text = `${error.message} ${String((error.cause as { constraint_name?: string } | undefined)?.constraint_name ?? "")}`
  if (error.sqlState !== "23505") return undefined
  if (text.includes("citizen_id")) {
    return new MemberDuplicate({
      field: "citizenId",
      message: { vi: "Đã có đảng viên mang số CCCD này.", en: "A member with this citizen ID already exists." },
    })
  }
  if (text.includes("party_card")) {
    return new MemberDuplicate({
      field: "partyCardNo",
      message: { vi: "Đã có đảng viên mang số thẻ này.", en: "A member with this party card number already exists." },
    })
  }
  return undefined
}

const columns = (draft: MemberDraft) => ({
  full_name: draft.fullName.normalize("NFC").trim().replace(/\s+/g, " "),
  sex: draft.sex,
  birth_date: draft.birthDate,
  citizen_id: draft.citizenId,
  party_card_no: draft.partyCardNo,
  admitted_on: draft.admittedOn,
  full_member_on: draft.fullMemberOn,
  org_unit_id: draft.orgUnitId,
  managed_by_unit_id: draft.managedByUnitId,
  status: draft.status,
  political_issue_pending: draft.politicalIssuePending,
})

const readMember = (memberId: string, visibility: Visibility) =>
  tenantQuery((db) =>
    db
      .selectFrom("member")
      .innerJoin("org_unit", (join) =>
        join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
      )
      .selectAll("member")
      .select("org_unit.path")
      .where("member.id", "=", memberId)
      .executeTakeFirst(),
  ).pipe(
    Effect.flatMap((row) =>
      row === undefined ||
      !(inScope(visibility, row.path) || (visibility.kind === "self" && visibility.memberIds.includes(row.id)))
        ? Effect.fail(MemberNotFound.instance())
        : Effect.succeed<MemberRecord>({
            id: row.id,
            extra: (row.extra ?? {}) as Record<string, unknown>,
            fullName: row.full_name,
            sex: row.sex as Sex | null,
            birthDate: row.birth_date,
            citizenId: row.citizen_id,
            partyCardNo: row.party_card_no,
            admittedOn: row.admitted_on,
            fullMemberOn: row.full_member_on,
            orgUnitId: row.org_unit_id,
            managedByUnitId: row.managed_by_unit_id,
            status: row.status,
            politicalIssuePending: row.political_issue_pending,
            updatedAt: row.updated_at,
          }),
    ),
  )

/** The member's full record, if within the reader's visibility. */
export const memberRecord = (
  memberId: string,
  visibility: Visibility,
): Effect.Effect<MemberRecord, DatabaseError | MemberNotFound, TenantTx> => readMember(memberId, visibility)

/** Adds a member to a cell within the writer's scope. */
export const createMember = (
  draft: MemberDraft,
  visibility: Visibility,
  today: string,
): Effect.Effect<
  MemberRecord,
  DatabaseError | MemberInvalid | MemberDuplicate | MemberNotFound | PluginInputInvalid | PluginFailed,
  TenantTx
> =>
  Effect.gen(function* () {
    yield* check(draft, visibility, today)
    const extra = yield* decodePluginFields("member", draft.extra)
    const { id } = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("member")
        .values({ tenant_id: tenantId, ...columns(draft), extra: asJsonb(extra) })
        .returning("id")
        .executeTakeFirstOrThrow(),
    ).pipe(
      Effect.catchIf(
        (error) => duplicateOf(error) !== undefined,
        (error) => Effect.fail(duplicateOf(error) as MemberDuplicate),
      ),
    )
    yield* memberRules(id)
    return yield* readMember(id, visibility)
  })

/** Replaces a member's record (the whole record: a form is saved as a whole). */
export const updateMember = (
  memberId: string,
  draft: MemberDraft,
  visibility: Visibility,
  today: string,
): Effect.Effect<
  { readonly before: MemberRecord; readonly after: MemberRecord },
  DatabaseError | MemberInvalid | MemberDuplicate | MemberNotFound | PluginInputInvalid | PluginFailed,
  TenantTx
> =>
  Effect.gen(function* () {
    const before = yield* readMember(memberId, visibility)
    yield* check(draft, visibility, today)
    const extra = draft.extra === undefined ? undefined : yield* decodePluginFields("member", draft.extra)
    yield* tenantQuery((db) =>
      db
        .updateTable("member")
        .set({ ...columns(draft), ...(extra === undefined ? {} : { extra: asJsonb(extra) }), updated_at: new Date() })
        .where("id", "=", memberId)
        .execute(),
    ).pipe(
      Effect.catchIf(
        (error) => duplicateOf(error) !== undefined,
        (error) => Effect.fail(duplicateOf(error) as MemberDuplicate),
      ),
    )
    yield* memberRules(memberId)
    return { before, after: yield* readMember(memberId, visibility) }
  })
