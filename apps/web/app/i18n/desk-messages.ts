import type { Bilingual } from "./language.ts"

/**
 * The words of the desk's pages for violation cases, the oversight body's notices and the
 * transfers of party activity, and of the plugin values shown on a trip; part of `messages` and
 * `codeLabels` (kept apart so each set of pages owns its own words).
 */
export const deskMessages = {
  bulletinsToMe: { vi: "Thông tin gửi tới tôi", en: "Bulletins to me" },
  bulletinsNeedMemberRecord: {
    vi:
      "Thông tin chính thống được gửi tới đảng viên theo chi bộ và nơi đang ở. Tài khoản này chưa gắn với hồ sơ " +
      "đảng viên nào: đề nghị quản trị viên gắn tài khoản với hồ sơ của đồng chí để nhận thông tin.",
    en:
      "Bulletins reach members by their cell and where they are. This account is tied to no member's record: ask " +
      "the administrator to tie it to yours to receive them.",
  },
  pluginValues: { vi: "Thông tin bổ sung", en: "Additional information" },
  violationCase: { vi: "Vụ vi phạm", en: "Violation case" },
  openViolation: { vi: "Mở vụ vi phạm", en: "Open a violation case" },
  violationKindLabel: { vi: "Hành vi vi phạm", en: "What the member did" },
  violationDescription: { vi: "Mô tả vi phạm", en: "Description of the violation" },
  violationSource: { vi: "Nguồn phát hiện", en: "Found by" },
  evidence: { vi: "Chứng cứ", en: "Evidence" },
  evidenceDescription: { vi: "Mô tả chứng cứ", en: "What the evidence is" },
  evidenceReference: {
    vi: "Nơi lưu chứng cứ (số văn bản, tệp, mã hồ sơ)",
    en: "Where it is kept (document number, file, record id)",
  },
  noEvidence: { vi: "Chưa có chứng cứ.", en: "No evidence yet." },
  addEvidence: { vi: "Bổ sung chứng cứ", en: "Add evidence" },
  addNote: { vi: "Ghi vào diễn biến", en: "Write a note" },
  startReview: { vi: "Đưa ra xem xét", en: "Start the review" },
  closeCase: { vi: "Kết luận vụ việc", en: "Close the case" },
  closedAt: { vi: "Ngày kết luận", en: "Closed" },
  relatedTrip: { vi: "Chuyến đi liên quan", en: "Related trip" },
  viewTrip: { vi: "Xem hồ sơ chuyến đi", en: "Open the trip's file" },
  noticesFromOversight: { vi: "Thông báo của Đảng ủy Bộ Ngoại giao", en: "Notices from the oversight body" },
  allNotices: { vi: "Tất cả", en: "All" },
  transfersSent: { vi: "Chuyển sinh hoạt đảng", en: "Transfers of party activity" },
  transferSent: {
    vi: "Đã gửi hồ sơ chuyển sinh hoạt đảng tới Đảng ủy Bộ Ngoại giao.",
    en: "The transfer was sent to the oversight body.",
  },
  transferHowTo: {
    vi: "Hồ sơ được gửi từ trang chuyến đi của đảng viên (đã được đồng ý hoặc đang ở nước ngoài, thời gian ở lại cần chuyển sinh hoạt đảng).",
    en: "A transfer is sent from the member's trip page (approved or under way, with a stay that calls for one).",
  },
  transferForm: { vi: "Mẫu hồ sơ", en: "Form" },
  transferOutcome: { vi: "Nơi tiếp nhận / lý do trả lại", en: "Accepted into / reason returned" },
  sendTransfer: { vi: "Gửi hồ sơ chuyển sinh hoạt đảng", en: "Send the transfer of party activity" },
  sendTransferHelp: {
    vi: "Gửi Đảng ủy Bộ Ngoại giao giới thiệu đảng viên sinh hoạt tại tổ chức đảng ở nước ngoài.",
    en: "Introduces the member to a party organisation abroad, through the oversight body.",
  },
  proposedOverseasOrg: { vi: "Đề nghị nơi sinh hoạt", en: "Proposed organisation abroad" },
  oversightChooses: { vi: "— Để Đảng ủy Bộ Ngoại giao bố trí —", en: "— Let the oversight body decide —" },
} satisfies Record<string, Bilingual>

export const deskCodeLabels: Record<string, Record<string, Bilingual>> = {
  violationSource: {
    officer: { vi: "Cán bộ tổ chức", en: "An officer" },
    rule: { vi: "Quy tắc tự động (quá hạn)", en: "An automatic rule (overdue)" },
    integration: { vi: "Hệ thống liên thông", en: "An integration" },
  },
  transferFormName: {
    "3-SHĐ": { vi: "3-SHĐ — giới thiệu sinh hoạt đảng ở nước ngoài", en: "3-SHĐ — introduction abroad" },
    "3A-SHĐ": { vi: "3A-SHĐ — đi lao động ở nước ngoài", en: "3A-SHĐ — labour export" },
  },
  violationHistory: {
    opened: { vi: "Mở vụ việc", en: "Opened" },
    evidence_added: { vi: "Bổ sung chứng cứ", en: "Evidence added" },
    review_started: { vi: "Đưa ra xem xét", en: "Review started" },
    note: { vi: "Ghi chú", en: "Note" },
    closed: { vi: "Kết luận", en: "Closed" },
  },
}
