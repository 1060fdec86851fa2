import type { BilingualText } from "@abroad/plugin-sdk"

/** What the plugin tells people about. */
export type NotificationKind =
  | "trip_approved"
  | "trip_rejected"
  | "cell_opinion_needed"
  | "return_overdue"
  | "report_overdue"
  | "report_due_soon"

/** The facts a message is written from; nothing a member or an officer wrote (the events carry none). */
export interface MessageFacts {
  readonly memberName: string
  readonly countries: ReadonlyArray<string>
  /** `yyyy-mm-dd` */
  readonly plannedDeparture: string
  readonly plannedReturn: string
  readonly reportDueOn?: string
}

export interface Message {
  readonly subject: BilingualText
  readonly text: BilingualText
}

const vn = (day: string | undefined): string => (day === undefined ? "?" : day.split("-").reverse().join("/"))

const trip = (facts: MessageFacts): BilingualText => ({
  vi: `chuyến đi ${facts.countries.join(", ")} từ ${vn(facts.plannedDeparture)} đến ${vn(facts.plannedReturn)}`,
  en: `the trip to ${facts.countries.join(", ")} from ${facts.plannedDeparture} to ${facts.plannedReturn}`,
})

const SIGNATURE: BilingualText = {
  vi: "Tin nhắn tự động từ hệ thống quản lý đảng viên ra nước ngoài. Vui lòng không trả lời.",
  en: "An automatic message from the party members abroad system. Please do not reply.",
}

/** Mẫu thông báo: each notification in Vietnamese, with its English alternative. */
export const messageFor = (kind: NotificationKind, facts: MessageFacts): Message => {
  const about = trip(facts)
  switch (kind) {
    case "trip_approved":
      return {
        subject: { vi: "Đơn đi nước ngoài đã được duyệt", en: "Your trip abroad was approved" },
        text: {
          vi: `Đồng chí ${facts.memberName}: đơn đề nghị ${about.vi} đã được cấp ủy có thẩm quyền đồng ý. Sau khi về nước, đồng chí báo cáo kết quả chuyến đi đúng hạn.`,
          en: `${facts.memberName}: your request for ${about.en} was approved by the competent committee. Report on the trip on time after your return.`,
        },
      }
    case "trip_rejected":
      return {
        subject: { vi: "Đơn đi nước ngoài không được duyệt", en: "Your trip abroad was not approved" },
        text: {
          vi: `Đồng chí ${facts.memberName}: đơn đề nghị ${about.vi} không được cấp ủy đồng ý. Xem lý do trong hệ thống.`,
          en: `${facts.memberName}: your request for ${about.en} was not approved. See the reason in the system.`,
        },
      }
    case "cell_opinion_needed":
      return {
        subject: { vi: "Cần ý kiến chi bộ về đơn đi nước ngoài", en: "The cell's opinion is needed on a trip request" },
        text: {
          vi: `Đảng viên ${facts.memberName} đã nộp đơn đề nghị ${about.vi}. Đề nghị chi bộ cho ý kiến trong hệ thống.`,
          en: `${facts.memberName} submitted a request for ${about.en}. The cell is asked for its opinion in the system.`,
        },
      }
    case "return_overdue":
      return {
        subject: { vi: "Quá hạn về nước", en: "Return overdue" },
        text: {
          vi: `Đảng viên ${facts.memberName} chưa ghi nhận về nước sau ${about.vi} (hạn về ${vn(facts.plannedReturn)}). Đề nghị liên hệ và cập nhật ngày về.`,
          en: `${facts.memberName} has no return recorded after ${about.en} (due back ${facts.plannedReturn}). Please get in touch and record the return.`,
        },
      }
    case "report_overdue":
      return {
        subject: { vi: "Quá hạn báo cáo sau chuyến đi", en: "After-return report overdue" },
        text: {
          vi: `Đảng viên ${facts.memberName} chưa nộp báo cáo kết quả ${about.vi}; hạn nộp là ${vn(facts.reportDueOn)}.`,
          en: `${facts.memberName} has not filed the report on ${about.en}; it was due on ${facts.reportDueOn ?? "?"}.`,
        },
      }
    case "report_due_soon":
      return {
        subject: { vi: "Sắp đến hạn báo cáo sau chuyến đi", en: "After-return report due soon" },
        text: {
          vi: `Đồng chí ${facts.memberName}: hạn nộp báo cáo kết quả ${about.vi} là ${vn(facts.reportDueOn)}.`,
          en: `${facts.memberName}: the report on ${about.en} is due on ${facts.reportDueOn ?? "?"}.`,
        },
      }
  }
}

/** The message as sent: Vietnamese, or Vietnamese then English when the tenant asks for both. */
export const render = (message: Message, language: "vi" | "vi_en"): { subject: string; text: string } =>
  language === "vi"
    ? { subject: message.subject.vi, text: `${message.text.vi}\n\n${SIGNATURE.vi}` }
    : {
        subject: `${message.subject.vi} / ${message.subject.en}`,
        text: `${message.text.vi}\n\n${SIGNATURE.vi}\n\n---\n\n${message.text.en}\n\n${SIGNATURE.en}`,
      }
