import type { Bilingual, Lang } from "./language.ts"

/**
 * The interface's words, Vietnamese first. Codes of the API (statuses, purposes, …) have their
 * labels here too; the API's own error messages arrive already in both languages.
 */
export const messages = {
  appName: { vi: "Quản lý đảng viên ra nước ngoài", en: "Party members abroad" },
  skipToContent: { vi: "Chuyển đến nội dung chính", en: "Skip to main content" },
  language: { vi: "Ngôn ngữ", en: "Language" },
  switchLanguage: { vi: "English", en: "Tiếng Việt" },
  signIn: { vi: "Đăng nhập", en: "Sign in" },
  signOut: { vi: "Đăng xuất", en: "Sign out" },
  signOutEverywhere: { vi: "Đăng xuất khỏi mọi thiết bị", en: "Sign out on every device" },
  username: { vi: "Tên đăng nhập", en: "Username" },
  password: { vi: "Mật khẩu", en: "Password" },
  totp: { vi: "Mã xác thực (6 chữ số)", en: "Authenticator code (6 digits)" },
  totpHelp: {
    vi: "Mã trong ứng dụng xác thực, nếu tài khoản đã đăng ký xác thực hai lớp.",
    en: "The code of your authenticator app, if the account has a second factor.",
  },
  totpRequired: { vi: "Nhập mã xác thực 6 chữ số.", en: "Enter the 6-digit authenticator code." },
  sessionExpired: {
    vi: "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
    en: "Your session has ended. Please sign in again.",
  },
  signedOut: { vi: "Bạn đã đăng xuất.", en: "You have signed out." },
  account: { vi: "Tài khoản", en: "Account" },
  secondFactor: { vi: "Xác thực hai lớp", en: "Second factor" },
  enrolled: { vi: "Đã đăng ký ứng dụng xác thực.", en: "An authenticator is enrolled." },
  notEnrolled: { vi: "Chưa đăng ký ứng dụng xác thực.", en: "No authenticator enrolled yet." },
  enrolmentRequired: {
    vi: "Vai trò của bạn yêu cầu xác thực hai lớp: hãy đăng ký trước khi tiếp tục.",
    en: "Your role needs a second factor: enrol one before going on.",
  },
  startEnrolment: { vi: "Đăng ký ứng dụng xác thực", en: "Enrol an authenticator" },
  replaceEnrolment: { vi: "Thay ứng dụng xác thực", en: "Replace the authenticator" },
  currentPassword: { vi: "Mật khẩu hiện tại", en: "Current password" },
  scanQr: {
    vi: "Quét mã QR bằng ứng dụng xác thực, hoặc nhập khóa bí mật, rồi nhập mã 6 chữ số để xác nhận.",
    en: "Scan the QR code with your authenticator app, or type the secret key, then confirm with a 6-digit code.",
  },
  secretKey: { vi: "Khóa bí mật", en: "Secret key" },
  code: { vi: "Mã 6 chữ số", en: "6-digit code" },
  confirm: { vi: "Xác nhận", en: "Confirm" },
  enrolmentDone: { vi: "Đã đăng ký xác thực hai lớp.", en: "The second factor is enrolled." },
  sessionsEnded: { vi: "Đã kết thúc mọi phiên đăng nhập.", en: "Every session has ended." },

  home: { vi: "Trang chủ", en: "Home" },
  myTrips: { vi: "Chuyến đi của tôi", en: "My trips" },
  newRequest: { vi: "Đề nghị đi nước ngoài", en: "New trip request" },
  myTasks: { vi: "Nhiệm vụ của tôi", en: "My tasks" },
  bulletins: { vi: "Thông tin chính thống", en: "Official information" },
  handbook: { vi: "Cẩm nang", en: "Handbook" },
  inbox: { vi: "Việc cần xử lý", en: "Awaiting me" },
  allTrips: { vi: "Chuyến đi", en: "Trips" },
  abroadNow: { vi: "Đang ở nước ngoài", en: "Abroad now" },
  overdue: { vi: "Quá hạn", en: "Overdue" },
  members: { vi: "Đảng viên", en: "Members" },
  violations: { vi: "Vi phạm", en: "Violations" },
  tasks: { vi: "Nhiệm vụ", en: "Tasks" },
  mainMenu: { vi: "Menu chính", en: "Main menu" },

  member: { vi: "Đảng viên", en: "Member" },
  purpose: { vi: "Mục đích", en: "Purpose" },
  funding: { vi: "Kinh phí", en: "Funding" },
  countries: { vi: "Nước đến", en: "Countries" },
  countriesHelp: {
    vi: "Mã nước ISO gồm 2 chữ cái, cách nhau bởi dấu phẩy (ví dụ: JP, KR).",
    en: "Two-letter ISO country codes, separated by commas (e.g. JP, KR).",
  },
  plannedDeparture: { vi: "Ngày đi dự kiến", en: "Planned departure" },
  plannedReturn: { vi: "Ngày về dự kiến", en: "Planned return" },
  dateHelp: { vi: "dd/mm/yyyy", en: "dd/mm/yyyy" },
  companionsWhoAreMembers: {
    vi: "Số đảng viên khác cùng đi",
    en: "Other party members travelling together",
  },
  companions: { vi: "Người cùng đi", en: "Travel companions" },
  fullName: { vi: "Họ và tên", en: "Full name" },
  relation: { vi: "Quan hệ", en: "Relation" },
  isPartyMember: { vi: "Là đảng viên", en: "Party member" },
  relatives: { vi: "Thân nhân ở nước ngoài (bản cam kết)", en: "Relatives abroad (undertaking)" },
  relativesHelp: {
    vi: "Bắt buộc khi đi thăm thân (Phụ lục II).",
    en: "Required for a family visit (Annex II).",
  },
  country: { vi: "Nước", en: "Country" },
  address: { vi: "Địa chỉ", en: "Address" },
  pledge: {
    vi: "Tôi cam kết thực hiện đúng các quy định đối với đảng viên khi ở nước ngoài.",
    en: "I undertake to keep the duties of a party member while abroad.",
  },
  saveDraft: { vi: "Lưu nháp", en: "Save draft" },
  saveAndSubmit: { vi: "Gửi đề nghị", en: "Submit request" },
  submit: { vi: "Gửi", en: "Submit" },
  withdraw: { vi: "Rút đề nghị", en: "Withdraw" },
  reason: { vi: "Lý do", en: "Reason" },
  status: { vi: "Trạng thái", en: "Status" },
  dates: { vi: "Thời gian", en: "Dates" },
  noTrips: { vi: "Chưa có chuyến đi nào.", en: "No trips yet." },
  nothingAwaits: { vi: "Không có việc nào đang chờ.", en: "Nothing awaits you." },
  open: { vi: "Mở", en: "Open" },
  details: { vi: "Chi tiết", en: "Details" },
  history: { vi: "Lịch sử", en: "History" },
  recordDeparture: { vi: "Ghi nhận ngày xuất cảnh", en: "Record the departure" },
  recordReturn: { vi: "Ghi nhận ngày nhập cảnh về nước", en: "Record the return" },
  on: { vi: "Ngày", en: "Date" },
  record: { vi: "Ghi nhận", en: "Record" },
  extension: { vi: "Đề nghị gia hạn", en: "Request an extension" },
  newPlannedReturn: { vi: "Ngày về mới", en: "New return date" },
  pendingExtension: { vi: "Đề nghị gia hạn đang chờ", en: "Extension waiting" },
  report: { vi: "Báo cáo kết quả chuyến đi", en: "After-return report" },
  reportText: {
    vi: "Nội dung báo cáo (công việc đã làm, người đã gặp, cam kết đã thực hiện)",
    en: "Report (what was done, whom you met, what you undertook)",
  },
  reportDueOn: { vi: "Hạn nộp báo cáo", en: "Report due" },
  submitReport: { vi: "Nộp báo cáo", en: "Submit the report" },
  reportSubmitted: { vi: "Đã nộp báo cáo ngày", en: "Report submitted on" },
  late: { vi: "nộp muộn", en: "late" },
  cellOpinion: { vi: "Ý kiến của chi bộ", en: "The cell's opinion" },
  decision: { vi: "Quyết định của cấp ủy", en: "The committee's decision" },
  agree: { vi: "Đồng ý", en: "Agree" },
  disagree: { vi: "Không đồng ý", en: "Disagree" },
  approve: { vi: "Đồng ý cho đi", en: "Approve" },
  refuse: { vi: "Không đồng ý cho đi", en: "Refuse" },
  comment: { vi: "Ý kiến", en: "Comment" },
  giveOpinion: { vi: "Gửi ý kiến", en: "Give the opinion" },
  decide: { vi: "Quyết định", en: "Decide" },
  arrangement: { vi: "Hình thức sinh hoạt đảng", en: "Party activity abroad" },
  routedTo: { vi: "Cấp ủy quyết định", en: "Decided by" },
  reportComment: { vi: "Nhận xét báo cáo", en: "Comment on the report" },
  close: { vi: "Kết thúc hồ sơ", en: "Close the file" },
  awaiting: { vi: "Chờ", en: "Awaiting" },
  exportXlsx: { vi: "Xuất Excel (.xlsx)", en: "Export to Excel (.xlsx)" },
  search: { vi: "Tìm kiếm", en: "Search" },
  searchMembers: {
    vi: "Họ tên, số CCCD hoặc số thẻ đảng (gõ có dấu hoặc không dấu)",
    en: "Name, citizen ID or party card number (with or without diacritics)",
  },
  birthDate: { vi: "Ngày sinh", en: "Birth date" },
  orgUnit: { vi: "Chi bộ", en: "Cell" },
  citizenId: { vi: "Số CCCD", en: "Citizen ID" },
  partyCard: { vi: "Số thẻ đảng", en: "Party card no." },
  noResults: { vi: "Không có kết quả.", en: "No results." },
  more: { vi: "Xem tiếp", en: "More" },
  title: { vi: "Tiêu đề", en: "Title" },
  due: { vi: "Hạn", en: "Due" },
  done: { vi: "Đã hoàn thành", en: "Done" },
  markDone: { vi: "Báo cáo hoàn thành", en: "Report done" },
  read: { vi: "Đã đọc", en: "Read" },
  markRead: { vi: "Đánh dấu đã đọc", en: "Mark as read" },
  unread: { vi: "Chưa đọc", en: "Unread" },
  published: { vi: "Ngày đăng", en: "Published" },
  reads: { vi: "Lượt đọc", en: "Reads" },
  kind: { vi: "Loại", en: "Kind" },
  opened: { vi: "Ngày mở", en: "Opened" },
  outcome: { vi: "Kết quả", en: "Outcome" },
  version: { vi: "Phiên bản", en: "Version" },
  back: { vi: "Quay lại", en: "Back" },
  notFound: { vi: "Không tìm thấy trang này.", en: "There is no such page." },
  forbidden: { vi: "Bạn không có quyền xem trang này.", en: "You may not see this page." },
  somethingWrong: {
    vi: "Đã có lỗi. Vui lòng thử lại sau.",
    en: "Something went wrong. Please try again later.",
  },
  errorTitle: { vi: "Lỗi", en: "Error" },
  fixErrors: { vi: "Vui lòng sửa các mục được đánh dấu.", en: "Please correct the marked fields." },
  invalidDate: { vi: "Ngày không hợp lệ (dd/mm/yyyy).", en: "Not a valid date (dd/mm/yyyy)." },
  required: { vi: "Bắt buộc.", en: "Required." },
  pluginFields: { vi: "Thông tin bổ sung của đơn vị", en: "Additional fields of your committee" },
  saved: { vi: "Đã lưu.", en: "Saved." },
  assignedBy: { vi: "Người giao", en: "Assigned by" },
  description: { vi: "Nội dung", en: "Description" },
  partyOrgAtDestination: {
    vi: "Nơi đến có tổ chức đảng",
    en: "A party organisation exists where I am going",
  },
  headOfMissionConsent: {
    vi: "Có ý kiến đồng ý của người đứng đầu cơ quan đại diện",
    en: "The head of mission agrees",
  },
  extensionDecision: { vi: "Quyết định gia hạn", en: "Decide the extension" },
  byCell: { vi: "Chi bộ", en: "The cell" },
  byCommittee: { vi: "Cấp ủy", en: "The committee" },
  requestedOn: { vi: "Ngày đề nghị", en: "Requested on" },
} satisfies Record<string, Bilingual>

export type MessageKey = keyof typeof messages

export type Translate = (key: MessageKey) => string

export const translator =
  (lang: Lang): Translate =>
  (key) =>
    messages[key][lang]

/** Labels of the API's codes. */
export const codeLabels: Record<string, Record<string, Bilingual>> = {
  status: {
    draft: { vi: "Nháp", en: "Draft" },
    submitted: { vi: "Chờ chi bộ cho ý kiến", en: "Awaiting the cell" },
    cell_reviewed: { vi: "Chờ cấp ủy quyết định", en: "Awaiting the decision" },
    approved: { vi: "Đã được đồng ý", en: "Approved" },
    rejected: { vi: "Không được đồng ý", en: "Refused" },
    withdrawn: { vi: "Đã rút", en: "Withdrawn" },
    departed: { vi: "Đang ở nước ngoài", en: "Abroad" },
    returned: { vi: "Đã về, chờ báo cáo", en: "Back, report due" },
    reported: { vi: "Đã báo cáo", en: "Reported" },
    closed: { vi: "Đã kết thúc", en: "Closed" },
    overdue_return: { vi: "Quá hạn về nước", en: "Overdue to return" },
    report_overdue: { vi: "Quá hạn báo cáo", en: "Report overdue" },
  },
  purpose: {
    official_work: { vi: "Công tác", en: "Official work" },
    study: { vi: "Học tập", en: "Study" },
    labour_export: { vi: "Lao động", en: "Labour export" },
    private_tourism: { vi: "Việc riêng — du lịch", en: "Private — tourism" },
    private_family_visit: { vi: "Việc riêng — thăm thân", en: "Private — family visit" },
    private_medical_treatment: { vi: "Việc riêng — chữa bệnh", en: "Private — medical treatment" },
    settlement: { vi: "Định cư", en: "Settling abroad" },
  },
  funding: {
    state_budget: { vi: "Ngân sách nhà nước", en: "State budget" },
    own: { vi: "Tự túc", en: "Own money" },
    foreign_sponsor: { vi: "Tài trợ nước ngoài", en: "Foreign sponsor" },
  },
  awaiting: {
    cell_opinion: { vi: "Ý kiến chi bộ", en: "Cell opinion" },
    decision: { vi: "Quyết định", en: "Decision" },
    extension_decision: { vi: "Quyết định gia hạn", en: "Extension decision" },
    cell_report_comment: { vi: "Chi bộ nhận xét báo cáo", en: "Cell's comment on the report" },
    committee_report_comment: { vi: "Cấp ủy nhận xét báo cáo", en: "Committee's comment on the report" },
    review: { vi: "Theo dõi", en: "Follow-up" },
    close: { vi: "Kết thúc hồ sơ", en: "Close the file" },
  },
  history: {
    "trip.drafted": { vi: "Lập đề nghị", en: "Drafted" },
    "trip.submitted": { vi: "Gửi đề nghị", en: "Submitted" },
    "trip.withdrawn": { vi: "Rút đề nghị", en: "Withdrawn" },
    "trip.cell_reviewed": { vi: "Chi bộ cho ý kiến", en: "Cell opinion" },
    "trip.approved": { vi: "Cấp ủy đồng ý", en: "Approved" },
    "trip.rejected": { vi: "Cấp ủy không đồng ý", en: "Refused" },
    "trip.departed": { vi: "Xuất cảnh", en: "Departed" },
    "trip.returned": { vi: "Về nước", en: "Returned" },
    "trip.extension_requested": { vi: "Đề nghị gia hạn", en: "Extension requested" },
    "trip.extension_approved": { vi: "Đồng ý gia hạn", en: "Extension approved" },
    "trip.extension_refused": { vi: "Không đồng ý gia hạn", en: "Extension refused" },
    "trip.report_submitted": { vi: "Nộp báo cáo", en: "Report submitted" },
    "trip.report_commented": { vi: "Nhận xét báo cáo", en: "Report commented" },
    "trip.closed": { vi: "Kết thúc", en: "Closed" },
    "trip.return_overdue": { vi: "Quá hạn về nước", en: "Overdue to return" },
    "trip.report_overdue": { vi: "Quá hạn báo cáo", en: "Report overdue" },
  },
}

/** The label of an API code, or the code itself when it is new to the web app. */
export const labelOf = (lang: Lang, family: string, code: string): string => codeLabels[family]?.[code]?.[lang] ?? code

/** A country's name from its ISO code, in the page's language. */
export const countryName = (lang: Lang, code: string): string => {
  try {
    return new Intl.DisplayNames([lang], { type: "region" }).of(code.toUpperCase()) ?? code
  } catch {
    return code
  }
}
