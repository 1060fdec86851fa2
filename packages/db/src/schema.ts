import type { ColumnType, Generated } from "kysely"

/**
 * The database as Kysely sees it. Written by hand next to the SQL migrations, and checked
 * against them by the schema tests: a column added to one and not the other fails there.
 *
 * Global tables have no `tenant_id`; every other table is tenant-owned and walled off by
 * row-level security.
 */
export interface DB {
  tenant: TenantTable
  country: CountryTable
  org_unit: OrgUnitTable
  org_unit_move: OrgUnitMoveTable
  member: MemberTable
  app_user: AppUserTable
  user_session: UserSessionTable
  login_throttle: LoginThrottleTable
  password_reset: PasswordResetTable
  role_grant: RoleGrantTable
  break_glass_grant: BreakGlassGrantTable
  tenant_setting: TenantSettingTable
  outbox_event: OutboxEventTable
  idempotency_key: IdempotencyKeyTable
  violation: ViolationTable
  violation_event: ViolationEventTable
  task: TaskTable
  bulletin: BulletinTable
  bulletin_read: BulletinReadTable
  handbook_article: HandbookArticleTable
  trip: TripTable
  trip_event: TripEventTable
  trip_report: TripReportTable
  audit_event: AuditEventTable
  platform_audit_event: PlatformAuditEventTable
  audit_chain_head: AuditChainHeadTable
  plugin_installation: PluginInstallationTable
  plugin_record: PluginRecordTable
  plugin_incident: PluginIncidentTable
  plugin_delivery: PluginDeliveryTable
  plugin_job_run: PluginJobRunTable
  overseas_org: OverseasOrgTable
  activity_transfer: ActivityTransferTable
  oversight_notice: OversightNoticeTable
  oversight_member_abroad: OversightMemberAbroadView
  tenant_merge: TenantMergeTable
  tenant_lineage: TenantLineageTable
  member_merge: MemberMergeTable
  member_conflict: MemberConflictTable
}

/** A calendar day, 'YYYY-MM-DD'. */
export type CalendarDate = string

type CreatedAt = ColumnType<Date, never, never>

export type TenantKind = "province" | "city" | "ministry"
export type TenantStatus = "active" | "merged"

/** A party organisation that manages its own members: a provincial committee or a central ministry's party body. */
export interface TenantTable {
  id: Generated<string>
  /** Lower-case ASCII slug: `ho-chi-minh`, `bng`. */
  code: string
  /** Official name in Vietnamese (NFC): `Hồ Chí Minh`, `Bộ Ngoại giao`. */
  name: string
  kind: TenantKind
  /** The General Statistics Office code of a province (`79`); none for a ministry. */
  admin_code: string | null
  /** The party body that is the tenant: `Thành ủy Hồ Chí Minh`, `Đảng ủy Bộ Ngoại giao`. */
  party_body: string
  /** The Foreign Ministry's party committee, which oversees members abroad across tenants. */
  is_oversight: Generated<boolean>
  status: Generated<TenantStatus>
  merged_into: string | null
  valid_from: CalendarDate | null
  valid_to: CalendarDate | null
  created_at: CreatedAt
}

/** ISO 3166-1 country. */
export interface CountryTable {
  /** alpha-2, upper case: `VN`, `JP`. */
  code: string
  alpha3: string
  numeric: string
  name_vi: string
  name_en: string
}

export type OrgUnitKind = "committee" | "subordinate_committee" | "grassroots_committee" | "cell"

/** A node of a tenant's organisation tree: committee → subordinate committee → grassroots committee → cell (chi bộ). */
export interface OrgUnitTable {
  tenant_id: string
  id: Generated<string>
  parent_id: string | null
  kind: OrgUnitKind
  name: string
  /** Materialised path of ids from the root, `/<root>/<child>/…/<self>/`: a subtree is a prefix. */
  path: string
  created_at: CreatedAt
  valid_from: Generated<CalendarDate>
  valid_to: CalendarDate | null
}

export type MemberStatus = "active" | "under_review" | "under_investigation" | "left"

/** A unit moved under another parent, from a date. */
export interface OrgUnitMoveTable {
  tenant_id: string
  id: Generated<string>
  org_unit_id: string
  from_parent_id: string | null
  to_parent_id: string
  effective_on: CalendarDate
  moved_by: string | null
  created_at: CreatedAt
}

/** Đảng viên. */
export interface MemberTable {
  tenant_id: string
  id: Generated<string>
  org_unit_id: string
  full_name: string
  /** Lower-case, diacritics removed (`nguyen van a`): what search matches against. */
  search_name: ColumnType<string, never, never>
  sex: "male" | "female" | null
  birth_date: CalendarDate | null
  /** Căn cước công dân: 12 digits. */
  citizen_id: string | null
  party_card_no: string | null
  status: Generated<MemberStatus>
  created_at: CreatedAt
  /** Ngày vào Đảng. */
  admitted_on: CalendarDate | null
  /** Ngày chính thức. */
  full_member_on: CalendarDate | null
  /** Diện quản lý: the managing committee when it is not the one above the member's cell. */
  managed_by_unit_id: string | null
  political_issue_pending: Generated<boolean>
  updated_at: Generated<Date>
  /** Fields plugins add to the record, under each plugin's id. */
  extra: Generated<unknown>
}

export type PlatformRole = "operator" | "analyst"

/** An account. Tenant accounts have a home tenant; platform accounts (operator, analyst) have none. */
export interface AppUserTable {
  id: Generated<string>
  /** `officer@ho-chi-minh`: lower case, `local@tenant`. */
  username: string
  display_name: string
  home_tenant_id: string | null
  platform_role: PlatformRole | null
  password_hash: string
  password_changed_at: Generated<Date>
  totp_key_sealed: string | null
  totp_last_step: number | null
  /** A key being enrolled, sealed; it becomes `totp_key_sealed` once proven with a code. */
  totp_pending_sealed: string | null
  locked_until: Date | null
  disabled_at: Date | null
  created_at: CreatedAt
}

/** A session in the Lucia design: the token is `<id>.<secret>`, only SHA-256(secret) is kept. */
export interface UserSessionTable {
  id: string
  secret_hash: Uint8Array
  user_id: string
  created_at: CreatedAt
  last_used_at: Generated<Date>
  expires_at: Date
  absolute_expires_at: Date
  /** Signed in by password only, before the required second factor is enrolled. */
  totp_enrolment_only: Generated<boolean>
}

export interface LoginThrottleTable {
  /** `user:<id>` or `address:<ip>`. */
  key: string
  failures: Generated<number>
  window_started_at: Generated<Date>
  locked_until: Date | null
}

export interface PasswordResetTable {
  token_hash: Uint8Array
  user_id: string
  created_by: string
  created_at: CreatedAt
  expires_at: Date
  used_at: Date | null
}

export type TenantRole = "admin" | "officer" | "approver" | "cell_secretary" | "member" | "oversight"

/** What an account may do in its tenant, within an org unit's subtree (null: the whole tenant). */
export interface RoleGrantTable {
  tenant_id: string
  id: Generated<string>
  user_id: string
  role: TenantRole
  org_unit_id: string | null
  member_id: string | null
  granted_by: string | null
  created_at: CreatedAt
}

/** mở khẩn cấp: a platform operator's time-limited, reasoned access to one tenant's personal data. */
export interface BreakGlassGrantTable {
  tenant_id: string
  id: Generated<string>
  operator_user_id: string
  /** The operator's username, kept with the grant: a tenant's transaction cannot read platform accounts. */
  operator_username: string
  reason: string
  opened_at: Generated<Date>
  expires_at: Date
  closed_at: Date | null
}

/** Filled by the chaining trigger: never written by the application. */
type Chained<T> = ColumnType<T, never, never>

interface AuditFields {
  id: Generated<string>
  seq: Chained<number>
  occurred_at: Chained<Date>
  actor_user_id: string | null
  /** The account's username at the time, or `system`. */
  actor: string
  /** `auth.login.succeeded`, `grant.created`, … */
  action: string
  entity_type: string | null
  entity_id: string | null
  details: ColumnType<Record<string, unknown>, string | undefined, never>
  ip: string | null
  prev_hash: Chained<string>
  hash: Chained<string>
}

/** One entry of a tenant's hash-chained, append-only audit log. */
export interface AuditEventTable extends AuditFields {
  tenant_id: string
}

/** The platform's own chain: events that belong to no tenant. */
export interface PlatformAuditEventTable extends AuditFields {}

export interface AuditChainHeadTable {
  chain: string
  seq: number
  hash: string
}

/** A tenant's setting, by key (`report.deadline`, …). */
export interface TenantSettingTable {
  tenant_id: string
  key: string
  value: unknown
  updated_by: string | null
  updated_at: Generated<Date>
}

/** A domain event, written with the change it describes; delivered to plugins afterwards. */
export interface OutboxEventTable {
  tenant_id: string
  id: Generated<string>
  seq: ColumnType<number, never, never>
  type: string
  entity_type: string
  entity_id: string
  payload: unknown
  occurred_at: Generated<Date>
  /** When it was handed out to the tenant's enabled plugins; null until then. */
  dispatched_at: Date | null
}

/** The stored answer to a creating request, under the client's Idempotency-Key. */
export interface IdempotencyKeyTable {
  tenant_id: string
  key: string
  user_id: string
  request_hash: string
  status: number
  response: unknown
  created_at: Generated<Date>
}

export type ViolationKind =
  | "unreported_travel"
  | "unapproved_travel"
  | "overdue_return"
  | "report_overdue"
  | "unreported_sponsorship"
  | "duty_breach"
  | "other"
export type ViolationOutcome = "none" | "reprimand" | "warning" | "dismissal" | "expulsion" | "removal_from_roll"

/** Vi phạm: a case against a member. */
export interface ViolationTable {
  tenant_id: string
  id: Generated<string>
  member_id: string
  trip_id: string | null
  kind: ViolationKind
  description: string
  evidence: unknown
  source: "officer" | "rule" | "integration"
  status: Generated<"open" | "under_review" | "closed">
  outcome: ViolationOutcome | null
  opened_by: string | null
  opened_at: Generated<Date>
  closed_at: Date | null
}

export interface ViolationEventTable {
  tenant_id: string
  id: Generated<string>
  violation_id: string
  action: "opened" | "evidence_added" | "review_started" | "closed" | "note"
  note: string | null
  actor_user_id: string | null
  occurred_at: Generated<Date>
}

/** Nhiệm vụ: a task assigned to a member. */
export interface TaskTable {
  tenant_id: string
  id: Generated<string>
  member_id: string
  title: string
  description: Generated<string>
  due_on: CalendarDate
  assigned_by: string | null
  assigned_at: Generated<Date>
  completed_at: Date | null
  completion_note: string | null
  evaluation: "excellent" | "good" | "completed" | "not_completed" | null
  evaluation_note: string | null
  evaluated_by: string | null
  evaluated_at: Date | null
}

/** Thông tin chính thống: a bulletin, for the whole tenant or for some units, countries, organisations abroad. */
export interface BulletinTable {
  tenant_id: string
  id: Generated<string>
  title: string
  body: string
  target_org_unit_ids: Generated<Array<string>>
  target_countries: Generated<Array<string>>
  target_overseas_org_ids: Generated<Array<string>>
  published_by: string | null
  published_at: Generated<Date>
}

export interface BulletinReadTable {
  tenant_id: string
  bulletin_id: string
  member_id: string
  read_at: Generated<Date>
}

/** Cẩm nang: one version of a handbook article. */
export interface HandbookArticleTable {
  tenant_id: string
  id: Generated<string>
  slug: string
  version: number
  title: string
  body: string
  published_by: string | null
  published_at: Generated<Date>
}

export type TripStatusName =
  | "draft"
  | "submitted"
  | "cell_reviewed"
  | "approved"
  | "rejected"
  | "withdrawn"
  | "departed"
  | "returned"
  | "reported"
  | "closed"

export type TripPurposeName =
  | "official_work"
  | "study"
  | "labour_export"
  | "private_tourism"
  | "private_family_visit"
  | "private_medical_treatment"
  | "settlement"

/** Kinh phí: who pays for the trip. */
export type TripFunding = "state_budget" | "own" | "foreign_sponsor"

export type TripActorKind = "member" | "officer" | "cell_secretary" | "approver" | "integration" | "scheduler"

/**
 * Chuyến đi nước ngoài. `record` is the workflow's own value (the state machine's `Trip`) and the
 * source of truth; the other columns repeat what lists filter and sort by, and checks keep them equal.
 */
export interface TripTable {
  tenant_id: string
  id: string
  member_id: string
  cell_id: string
  status: TripStatusName
  purpose: TripPurposeName
  funding: TripFunding
  /** ISO 3166-1 alpha-2; written with `string_to_array`, read from `record` (drivers parse `char(2)[]` apart). */
  countries: Array<string>
  planned_departure: CalendarDate
  planned_return: CalendarDate
  actual_departure: CalendarDate | null
  actual_return: CalendarDate | null
  companions_who_are_members: number
  routing_committee_id: string | null
  routing_basis: "direct_committee" | "higher_committee" | null
  regulation_version: "228-2014" | "86-2022" | null
  arrangement_kind:
    | "none"
    | "temporary_group_possible"
    | "temporary_transfer"
    | "official_transfer"
    | "direct_guidance_by_oversight"
    | null
  report_due_on: CalendarDate | null
  report_submitted_on: CalendarDate | null
  overdue_return_since: CalendarDate | null
  report_overdue_since: CalendarDate | null
  /** Accepted transitions so far: updates are made where it still has the value read. */
  revision: number
  record: unknown
  /** Fields plugins add, under each plugin's id. */
  extra: Generated<unknown>
  /** Người đi cùng (Annex I). */
  companions: Generated<unknown>
  /** Bản cam kết về thân nhân ở nước ngoài (Annex II), for a family visit. */
  relatives_undertaking: unknown | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Generated<Date>
}

/** One accepted transition of a trip, named by (trip, revision). Append-only. */
export interface TripEventTable {
  tenant_id: string
  id: Generated<string>
  trip_id: string
  revision: number
  /** `trip.submitted`, `trip.approved`, … */
  type: string
  actor_kind: TripActorKind
  actor_user_id: string | null
  actor: string
  occurred_on: CalendarDate
  occurred_at: Generated<Date>
  data: unknown
}

/** Báo cáo kết quả chuyến đi: the report's text; the workflow's facts about it are in the trip's record. */
export interface TripReportTable {
  tenant_id: string
  trip_id: string
  body: string
  extra: Generated<unknown>
  submitted_by: string | null
  submitted_at: Generated<Date>
}

/** A plugin installed in a tenant; it runs there only while `enabled`. */
export interface PluginInstallationTable {
  tenant_id: string
  plugin_id: string
  version: string
  /** Validated by the plugin's configSchema when written. */
  config: unknown
  enabled: Generated<boolean>
  installed_by: string | null
  installed_at: Generated<Date>
  updated_by: string | null
  updated_at: Generated<Date>
}

/** A plugin's own record in a tenant (`ctx.store`): JSON by key. */
export interface PluginRecordTable {
  tenant_id: string
  plugin_id: string
  key: string
  value: unknown
  updated_at: Generated<Date>
}

/** A plugin's hook that failed in a tenant, for its administrator. Append-only. */
export interface PluginIncidentTable {
  tenant_id: string
  id: Generated<string>
  plugin_id: string
  plugin_version: string
  /** `trip.validate`, `event:trip.approved`, `job:nightly-import`, `route:POST /records`, … */
  hook: string
  kind: "throw" | "timeout" | "crash" | "capability" | "invalid"
  message: string
  at: Generated<Date>
}

export type PluginDeliveryStatus = "pending" | "delivered" | "parked"

/** One outbox event for one plugin of the tenant: pending until acknowledged, parked after the last failed attempt. */
export interface PluginDeliveryTable {
  tenant_id: string
  id: Generated<string>
  plugin_id: string
  event_id: string
  /** The event's outbox `seq`: the order of one entity's deliveries to one plugin. */
  seq: number
  event_type: string
  entity_type: string
  entity_id: string
  status: Generated<PluginDeliveryStatus>
  attempts: Generated<number>
  /** Pending: not before this; while claimed: when the claim lapses. Null once delivered or parked. */
  next_attempt_at: Date | null
  /** Set while a worker holds the delivery. */
  claim_token: string | null
  last_attempt_at: Date | null
  /** `{ kind, message: { vi, en } }` of the last failure. */
  last_error: unknown
  delivered_at: Date | null
  parked_at: Date | null
  created_at: CreatedAt
}

/** A scheduled job of a plugin in the tenant: its next run, the claim of a run under way, its last outcome. */
export interface PluginJobRunTable {
  tenant_id: string
  plugin_id: string
  job_id: string
  /** The schedule `due_at` was computed from: `every 15 min`, `daily 02:00`. */
  schedule: string
  due_at: Date
  claim_token: string | null
  claimed_until: Date | null
  runs: Generated<number>
  consecutive_failures: Generated<number>
  last_started_at: Date | null
  last_finished_at: Date | null
  last_status: "succeeded" | "failed" | null
  last_error: unknown
}

/** Tổ chức đảng ở nước ngoài: a party committee at a mission, or a cell. Global; written by the oversight role. */
export interface OverseasOrgTable {
  id: Generated<string>
  parent_id: string | null
  kind: "committee" | "cell"
  name: string
  country: string
  mission: string | null
  /** `/<root>/…/<id>/` */
  path: string
  active: Generated<boolean>
  created_at: CreatedAt
  updated_at: Generated<Date>
}

/** Form 3-SHĐ (introduction) or 3A-SHĐ (labour export); several sent together make a 3C-SHĐ list. */
export type TransferForm = "3-SHĐ" | "3A-SHĐ"
export type TransferStatus = "received" | "accepted" | "returned"

/** Chuyển sinh hoạt đảng ra nước ngoài: sent by the home tenant, decided by the oversight body. */
export interface ActivityTransferTable {
  tenant_id: string
  id: Generated<string>
  trip_id: string
  member_id: string
  form: TransferForm
  /** Shared by the transfers of one 3C-SHĐ list. */
  list_id: string | null
  kind: "temporary" | "official"
  member_name: string
  member_birth_date: CalendarDate | null
  home_unit_name: string
  purpose: string
  countries: Array<string>
  planned_departure: CalendarDate
  planned_return: CalendarDate
  proposed_overseas_org_id: string | null
  note: string | null
  status: Generated<TransferStatus>
  assigned_overseas_org_id: string | null
  return_reason: string | null
  decided_at: Date | null
  decided_by: string | null
  created_by: string | null
  created_at: CreatedAt
}

export type NoticeKind = "self_assessment_on_return" | "concern" | "cell_change"

/** A notice from the oversight body to a member's home tenant. */
export interface OversightNoticeTable {
  tenant_id: string
  id: Generated<string>
  member_id: string
  trip_id: string
  kind: NoticeKind
  body: string
  overseas_org_id: string | null
  sent_by: string | null
  sent_by_name: string
  sent_at: Generated<Date>
  read_at: Date | null
  read_by: string | null
}

/** The view the oversight role reads members abroad through (security_invoker). */
export interface OversightMemberAbroadView {
  tenant_id: ColumnType<string, never, never>
  tenant_code: ColumnType<string, never, never>
  tenant_name: ColumnType<string, never, never>
  trip_id: ColumnType<string, never, never>
  member_id: ColumnType<string, never, never>
  full_name: ColumnType<string, never, never>
  birth_date: ColumnType<CalendarDate | null, never, never>
  home_unit_name: ColumnType<string | null, never, never>
  purpose: ColumnType<TripPurposeName, never, never>
  countries: ColumnType<Array<string>, never, never>
  planned_departure: ColumnType<CalendarDate, never, never>
  planned_return: ColumnType<CalendarDate, never, never>
  actual_departure: ColumnType<CalendarDate | null, never, never>
  arrangement_kind: ColumnType<string | null, never, never>
  overdue_return_since: ColumnType<CalendarDate | null, never, never>
  overseas_org_id: ColumnType<string | null, never, never>
  overseas_org_name: ColumnType<string | null, never, never>
}

/** Global: one merge of tenants as it was carried out (sáp nhập), with the report of what moved. */
export interface TenantMergeTable {
  id: Generated<string>
  successor_id: string
  effective_on: CalendarDate
  performed_at: Generated<Date>
  /** The account that asked for it, or `cli`. */
  performed_by: string
  report: unknown
}

/** Global: the lineage from a successor to each tenant merged into it. */
export interface TenantLineageTable {
  successor_id: string
  predecessor_id: string
  effective_on: CalendarDate
  merge_id: string
  /** The predecessor's committee, now a subtree of the successor's tree. */
  former_root_unit_id: string | null
}

/** A member record a merge removed because an identical record of the same person was kept. */
export interface MemberMergeTable {
  tenant_id: string
  removed_member_id: string
  removed_from_tenant_id: string
  kept_member_id: string
  merge_id: string
  /** The removed row, whole. */
  removed_record: unknown
}

export type MemberConflictStatus = "open" | "resolved" | "superseded"

/** Records of one person that a merge brought together and that differ: all kept, flagged for a person to decide. */
export interface MemberConflictTable {
  tenant_id: string
  id: Generated<string>
  merge_id: string
  member_ids: Array<string>
  differing_fields: Array<string>
  status: Generated<MemberConflictStatus>
  detected_at: Generated<Date>
  resolved_at: Date | null
  resolved_by: string | null
}
