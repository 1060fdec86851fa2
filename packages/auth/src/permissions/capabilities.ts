import type { PlatformRole, TenantRole } from "@abroad/db"

/**
 * What a user may do, named. Routes ask for a capability, never for a role: the one table
 * below decides which roles hold it, and the README prints the same table.
 */
export const CAPABILITIES = {
  "org.read": "Xem cây tổ chức — read the organisation tree",
  "org.manage": "Sửa cây tổ chức — change the organisation tree",
  "member.read": "Xem hồ sơ đảng viên trong phạm vi — read members' records within scope",
  "member.write": "Thêm, sửa hồ sơ đảng viên — create and edit members' records",
  "member.self": "Xem hồ sơ của chính mình — read one's own record",
  "trip.read": "Xem đề nghị đi nước ngoài trong phạm vi — read travel requests within scope",
  "trip.request": "Lập đề nghị đi nước ngoài — file a travel request",
  "trip.review": "Thẩm định đề nghị — review a request (organisation officer)",
  "trip.opinion": "Cho ý kiến chi bộ — give the cell's opinion",
  "trip.approve": "Quyết định cho phép — decide on a request",
  "report.read": "Xem báo cáo sau chuyến đi — read after-return reports",
  "report.submit": "Nộp báo cáo sau chuyến đi — submit one's after-return report",
  "violation.read": "Xem vụ vi phạm trong phạm vi — read violation cases within scope",
  "violation.manage": "Mở, xem xét, kết luận vụ vi phạm — open, review and close violation cases",
  "task.read": "Xem nhiệm vụ đã giao trong phạm vi — read assigned tasks within scope",
  "task.assign": "Giao nhiệm vụ cho đảng viên — assign tasks to members",
  "task.evaluate": "Đánh giá kết quả thực hiện nhiệm vụ — evaluate how a task was carried out",
  "task.self": "Xem và báo cáo nhiệm vụ của chính mình — read and report one's own tasks",
  "bulletin.publish": "Đăng thông tin chính thống, xem ai đã đọc — publish bulletins and see who read them",
  "bulletin.read": "Đọc thông tin chính thống gửi tới mình — read the bulletins addressed to one",
  "handbook.read": "Đọc cẩm nang đi nước ngoài — read the handbook",
  "handbook.edit": "Biên soạn cẩm nang — publish handbook articles",
  "settings.manage": "Cài đặt của đơn vị (thời hạn báo cáo, …) — the tenant's settings",
  "user.read": "Xem tài khoản của đơn vị — read the tenant's accounts",
  "user.manage": "Quản lý tài khoản, phân quyền — manage accounts and grants",
  "audit.read": "Xem nhật ký của đơn vị — read the tenant's audit log",
  "plugin.manage": "Cài đặt, cấu hình phần mở rộng — install and configure plugins",
  "plugin.use": "Dùng chức năng, báo cáo của phần mở rộng — use plugins' routes and reports",
  "plugin.fields": "Xem các trường biểu mẫu của phần mở rộng — read the plugins' form fields",
  "oversight.read": "Xem đảng viên ở nước ngoài của mọi đơn vị — cross-tenant view of members abroad",
  "oversight.manage":
    "Danh bạ tổ chức đảng ở nước ngoài, tiếp nhận chuyển sinh hoạt đảng, gửi thông báo — keep the register of organisations abroad, decide transfers, send notices",
  "transfer.request": "Gửi hồ sơ chuyển sinh hoạt đảng ra nước ngoài — send transfers of party activity abroad",
  "notice.read": "Xem thông báo của Đảng ủy Bộ Ngoại giao — read the oversight body's notices",
  "statistics.national": "Thống kê toàn quốc, không có dữ liệu cá nhân — national statistics, no personal data",
  "platform.tenants": "Quản lý đơn vị trên nền tảng — manage the platform's tenants",
  "platform.break_glass": "Mở truy cập khẩn cấp có thời hạn — open a time-limited break-glass grant",
} as const

export type Capability = keyof typeof CAPABILITIES

/** Every role there is: the tenant roles of `role_grant` and the platform roles of `app_user`. */
export type Role = TenantRole | PlatformRole

export const TENANT_ROLES: ReadonlyArray<TenantRole> = [
  "admin",
  "officer",
  "approver",
  "cell_secretary",
  "member",
  "oversight",
]
export const PLATFORM_ROLES: ReadonlyArray<PlatformRole> = ["operator", "analyst"]

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  admin: "Quản trị đơn vị — tenant administrator",
  officer: "Cán bộ tổ chức — officer",
  approver: "Lãnh đạo phê duyệt — approver",
  cell_secretary: "Bí thư chi bộ — cell secretary",
  member: "Đảng viên — member",
  oversight: "Đảng ủy Bộ Ngoại giao — oversight",
  operator: "Vận hành nền tảng — platform operator",
  analyst: "Phân tích toàn quốc — national analyst",
}

/**
 * The matrix. An administrator runs the tenant's accounts but decides no trip; the operator
 * holds no tenant capability at all (personal data needs break-glass); the analyst sees
 * aggregates only.
 */
export const ROLE_CAPABILITIES: Readonly<Record<Role, ReadonlyArray<Capability>>> = {
  admin: [
    "org.read",
    "org.manage",
    "member.read",
    "member.write",
    "trip.read",
    "report.read",
    "violation.read",
    "violation.manage",
    "task.read",
    "task.assign",
    "bulletin.publish",
    "bulletin.read",
    "handbook.read",
    "handbook.edit",
    "settings.manage",
    "user.read",
    "user.manage",
    "audit.read",
    "plugin.manage",
    "plugin.use",
    "plugin.fields",
    "notice.read",
  ],
  officer: [
    "org.read",
    "member.read",
    "member.write",
    "trip.read",
    "trip.request",
    "trip.review",
    "report.read",
    "violation.read",
    "violation.manage",
    "task.read",
    "task.assign",
    "task.evaluate",
    "bulletin.publish",
    "bulletin.read",
    "handbook.read",
    "plugin.use",
    "plugin.fields",
    "transfer.request",
    "notice.read",
  ],
  approver: [
    "org.read",
    "member.read",
    "trip.read",
    "trip.approve",
    "report.read",
    "task.read",
    "task.evaluate",
    "bulletin.read",
    "handbook.read",
    "plugin.fields",
  ],
  cell_secretary: [
    "org.read",
    "member.read",
    "trip.read",
    "trip.opinion",
    "report.read",
    "task.read",
    "task.assign",
    "task.evaluate",
    "bulletin.read",
    "handbook.read",
    "plugin.fields",
  ],
  member: [
    "member.self",
    "trip.request",
    "report.submit",
    "task.self",
    "bulletin.read",
    "handbook.read",
    "plugin.fields",
  ],
  oversight: ["oversight.read", "oversight.manage", "statistics.national", "bulletin.read", "handbook.read"],
  operator: ["platform.tenants", "platform.break_glass"],
  analyst: ["statistics.national"],
}

/**
 * What an operator holds in a tenant while a break-glass grant is open: reading, never
 * writing, and every request is written to the tenant's audit log.
 */
/**
 * What acts on the whole tenant rather than on members within a subtree: its accounts and grants,
 * settings, plugins and audit log. Only a grant over the whole tenant carries these; an
 * administrator scoped to a subtree (as a merge leaves a predecessor's) manages its subtree's
 * members and trips, and could otherwise reset the successor's administrators' passwords.
 */
export const TENANT_WIDE_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  "user.read",
  "user.manage",
  "settings.manage",
  "plugin.manage",
  "audit.read",
])

export const BREAK_GLASS_CAPABILITIES: ReadonlyArray<Capability> = [
  "org.read",
  "member.read",
  "trip.read",
  "report.read",
  "user.read",
  "audit.read",
]

/** Roles whose holders must sign in with a second factor. */
export const SECOND_FACTOR_ROLES: ReadonlyArray<Role> = ["admin", "approver", "oversight", "operator"]
