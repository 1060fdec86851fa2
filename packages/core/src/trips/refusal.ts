import { Schema } from "effect"
import { BilingualText } from "../regulation/bilingual.ts"
import type { TripCommandType } from "./commands.ts"
import { TRIP_STATUS_LABELS, type TripStatus } from "./trip.ts"

/**
 * The kind of refusal, which the API maps in one place: `invalid_input` → 400, `not_allowed` → 403,
 * `wrong_state` → 409, `rule_block` → 422.
 */
export const RefusalCode = Schema.Literals(["invalid_input", "not_allowed", "wrong_state", "rule_block"])
export type RefusalCode = typeof RefusalCode.Type

interface RuleText {
  readonly code: RefusalCode
  readonly vi: string
  readonly en: string
}

/** Every rule the machine enforces, by name. A test asserts the name, the user reads the message. */
const RULES = {
  // Input
  planned_return_before_departure: {
    code: "invalid_input",
    vi: "Ngày về dự kiến không được trước ngày đi.",
    en: "The planned return cannot be before the departure.",
  },
  destination_required: {
    code: "invalid_input",
    vi: "Cần ít nhất một nước đến.",
    en: "At least one destination country is needed.",
  },
  companions_must_be_a_count: {
    code: "invalid_input",
    vi: "Số đảng viên đi cùng phải là số nguyên không âm.",
    en: "The number of members travelling together must be a whole number, zero or more.",
  },
  disagreement_needs_comment: {
    code: "invalid_input",
    vi: "Chi bộ không đồng ý thì phải nêu lý do.",
    en: "A disagreeing cell opinion needs a comment.",
  },
  refusal_needs_reason: {
    code: "invalid_input",
    vi: "Không đồng ý thì phải nêu lý do.",
    en: "A refusal needs a reason.",
  },
  date_in_future: {
    code: "invalid_input",
    vi: "Không thể ghi nhận một ngày chưa đến.",
    en: "A date that has not come yet cannot be recorded.",
  },
  return_before_departure: {
    code: "invalid_input",
    vi: "Ngày về không được trước ngày đi thực tế.",
    en: "The return cannot be before the actual departure.",
  },
  extension_must_move_return_later: {
    code: "invalid_input",
    vi: "Ngày về mới phải sau ngày về dự kiến hiện tại.",
    en: "The new return date must be after the current planned return.",
  },
  extension_needs_reason: {
    code: "invalid_input",
    vi: "Đề nghị gia hạn phải nêu lý do.",
    en: "An extension request needs a reason.",
  },
  comment_needs_text: {
    code: "invalid_input",
    vi: "Nhận xét không được để trống.",
    en: "A comment cannot be empty.",
  },
  // Who
  submitted_by_member_or_officer: {
    code: "not_allowed",
    vi: "Chỉ đảng viên đi hoặc cán bộ tổ chức được lập và gửi đơn.",
    en: "Only the travelling member or an officer may draft and submit the request.",
  },
  withdrawn_by_member: {
    code: "not_allowed",
    vi: "Chỉ đảng viên đã gửi đơn được rút đơn.",
    en: "Only the member who requested the trip may withdraw it.",
  },
  opinion_by_cell_secretary: {
    code: "not_allowed",
    vi: "Chỉ bí thư chi bộ nơi đảng viên sinh hoạt được cho ý kiến.",
    en: "Only the secretary of the member's cell may give the cell's opinion.",
  },
  decided_by_routed_committee: {
    code: "not_allowed",
    vi: "Chỉ lãnh đạo cấp ủy có thẩm quyền quản lý đảng viên được quyết định.",
    en: "Only an approver of the committee competent for this member may decide.",
  },
  travel_recorded_by_member_officer_or_integration: {
    code: "not_allowed",
    vi: "Chỉ đảng viên, cán bộ tổ chức hoặc nguồn dữ liệu xuất nhập cảnh được ghi nhận ngày đi, ngày về.",
    en: "Only the member, an officer or a border-records integration may record a departure or return.",
  },
  extension_requested_by_member_or_officer: {
    code: "not_allowed",
    vi: "Chỉ đảng viên hoặc cán bộ tổ chức được đề nghị gia hạn.",
    en: "Only the member or an officer may request an extension.",
  },
  report_by_member: {
    code: "not_allowed",
    vi: "Chỉ đảng viên đã đi được nộp báo cáo kết quả chuyến đi.",
    en: "Only the member who travelled may submit the after-return report.",
  },
  cell_comment_by_cell_secretary: {
    code: "not_allowed",
    vi: "Chỉ bí thư chi bộ nơi đảng viên sinh hoạt được nhận xét báo cáo thay chi bộ.",
    en: "Only the secretary of the member's cell may comment for the cell.",
  },
  committee_comment_by_routed_committee: {
    code: "not_allowed",
    vi: "Chỉ cấp ủy có thẩm quyền quản lý đảng viên được nhận xét báo cáo thay cấp ủy.",
    en: "Only the competent committee may comment for the committee.",
  },
  closed_by_officer: {
    code: "not_allowed",
    vi: "Chỉ cán bộ tổ chức được kết thúc hồ sơ chuyến đi.",
    en: "Only an officer may close a trip.",
  },
  overdue_marked_by_scheduler: {
    code: "not_allowed",
    vi: "Quá hạn chỉ do việc kiểm tra định kỳ ghi nhận.",
    en: "Only the scheduled check marks a trip overdue.",
  },
  // When
  status_does_not_allow_command: {
    code: "wrong_state",
    vi: "Trạng thái hiện tại của chuyến đi không cho phép thao tác này.",
    en: "The trip's current status does not allow this.",
  },
  approval_requires_cell_opinion: {
    code: "wrong_state",
    vi: "Chưa có ý kiến của chi bộ: cấp ủy chưa thể quyết định.",
    en: "The cell has not given its opinion yet: the committee cannot decide.",
  },
  departure_requires_approval: {
    code: "wrong_state",
    vi: "Chuyến đi chưa được cấp ủy có thẩm quyền đồng ý: không thể ghi nhận xuất cảnh.",
    en: "The trip has not been approved: a departure cannot be recorded.",
  },
  return_requires_departure: {
    code: "wrong_state",
    vi: "Chưa ghi nhận xuất cảnh: không thể ghi nhận về nước.",
    en: "No departure has been recorded: a return cannot be.",
  },
  report_requires_return: {
    code: "wrong_state",
    vi: "Đảng viên chưa về nước: chưa thể nộp báo cáo kết quả.",
    en: "The member has not returned: the after-return report cannot be submitted yet.",
  },
  extension_already_pending: {
    code: "wrong_state",
    vi: "Đã có một đề nghị gia hạn đang chờ quyết định.",
    en: "An extension request is already waiting for a decision.",
  },
  no_extension_pending: {
    code: "wrong_state",
    vi: "Không có đề nghị gia hạn nào đang chờ quyết định.",
    en: "There is no extension request waiting for a decision.",
  },
  report_already_commented: {
    code: "wrong_state",
    vi: "Báo cáo đã được nhận xét thay bên này.",
    en: "The report already has this side's comment.",
  },
  close_requires_comments: {
    code: "wrong_state",
    vi: "Chi bộ và cấp ủy phải nhận xét báo cáo trước khi kết thúc hồ sơ.",
    en: "The cell and the committee must comment on the report before the trip is closed.",
  },
  already_marked_overdue: {
    code: "wrong_state",
    vi: "Chuyến đi đã được ghi nhận quá hạn.",
    en: "The trip is already marked overdue.",
  },
  return_not_overdue_yet: {
    code: "wrong_state",
    vi: "Chưa quá ngày về dự kiến.",
    en: "The planned return date has not passed.",
  },
  report_not_overdue_yet: {
    code: "wrong_state",
    vi: "Chưa quá hạn nộp báo cáo.",
    en: "The report deadline has not passed.",
  },
  // Regulation
  departure_in_past: {
    code: "rule_block",
    vi: "Ngày đi dự kiến đã qua: phải xin phép trước khi đi.",
    en: "The planned departure has passed: permission must be asked before leaving.",
  },
  member_under_disciplinary_review: {
    code: "rule_block",
    vi: "Đảng viên đang bị xem xét kỷ luật: chưa thể đồng ý cho ra nước ngoài.",
    en: "The member is under disciplinary review: the trip cannot be approved.",
  },
  member_under_investigation: {
    code: "rule_block",
    vi: "Đảng viên đang bị điều tra: chưa thể đồng ý cho ra nước ngoài.",
    en: "The member is under investigation: the trip cannot be approved.",
  },
  member_political_issue_pending: {
    code: "rule_block",
    vi: "Đảng viên có vấn đề chính trị đang chờ kết luận: chưa thể đồng ý cho ra nước ngoài.",
    en: "The member has a political issue awaiting conclusion: the trip cannot be approved.",
  },
  departure_before_approval: {
    code: "rule_block",
    vi: "Ngày xuất cảnh trước ngày được đồng ý: đây là trường hợp đi khi chưa được phép, cần xử lý như vi phạm.",
    en: "The departure is earlier than the approval: that is leaving without permission, to be handled as a violation.",
  },
  extension_needs_head_of_mission: {
    code: "rule_block",
    vi: "Gia hạn chuyến công tác đang ở nước ngoài cần thêm ý kiến đồng ý của người đứng đầu cơ quan đại diện.",
    en: "Extending an official-work trip abroad also needs the head of mission's agreement.",
  },
  holiday_calendar_out_of_range: {
    code: "rule_block",
    vi: "Lịch ngày nghỉ lễ không có năm này: không tính được hạn nộp báo cáo.",
    en: "The public-holiday calendar does not cover this year: the report deadline cannot be computed.",
  },
  regulation_version_mismatch: {
    code: "rule_block",
    vi: "Chính sách quy định được cung cấp không phải phiên bản áp dụng cho chuyến đi này.",
    en: "The regulation policy supplied is not the version this trip falls under.",
  },
} as const satisfies Record<string, RuleText>

export type TripRule = keyof typeof RULES

/** A command the trip refuses, with the rule that refused it. The trip is unchanged and no event is emitted. */
export class TripTransitionRefused extends Schema.TaggedError<TripTransitionRefused>()("TripTransitionRefused", {
  code: RefusalCode,
  rule: Schema.String,
  command: Schema.String,
  message: BilingualText,
}) {}

export const refuse = (rule: TripRule, command: TripCommandType | "draft"): TripTransitionRefused => {
  const text: RuleText = RULES[rule]
  return new TripTransitionRefused({ code: text.code, rule, command, message: { vi: text.vi, en: text.en } })
}

/** The generic wrong-status refusal, naming the status so the reader knows why. */
export const refuseInStatus = (status: TripStatus, command: TripCommandType): TripTransitionRefused => {
  const text = RULES.status_does_not_allow_command
  const label = TRIP_STATUS_LABELS[status]
  return new TripTransitionRefused({
    code: text.code,
    rule: "status_does_not_allow_command",
    command,
    message: { vi: `${text.vi} (${label.vi})`, en: `${text.en} (${label.en})` },
  })
}
