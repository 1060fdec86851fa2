/**
 * What makes a member's record (hồ sơ đảng viên) acceptable, each rule explaining itself in
 * Vietnamese and English so that an officer can correct the form without asking anyone.
 */

export type Sex = "male" | "female"

export interface MemberFields {
  readonly fullName: string
  readonly sex: Sex | null
  readonly birthDate: string | null
  readonly citizenId: string | null
  readonly partyCardNo: string | null
  readonly admittedOn: string | null
  readonly fullMemberOn: string | null
}

export interface MemberIssue {
  /** A field of the form, or `member` for the record as a whole (a plugin's `member.validate` rule). */
  readonly field: keyof MemberFields | "orgUnitId" | "managedByUnitId" | "member"
  readonly rule: string
  readonly message: { readonly vi: string; readonly en: string }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const isDay = (text: string) => {
  if (!DAY.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  // "2026-13-01" is no date at all; "2026-02-30" rolls over to March: both are refused.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) && text >= "1900-01-01"
}

/** The date `years` years after `day` (29 February rolls to 1 March). */
const yearsAfter = (day: string, years: number) => {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCFullYear(date.getUTCFullYear() + years)
  return date.toISOString().slice(0, 10)
}

/**
 * Căn cước công dân: 3 digits of the province of birth registration (001–096), one digit for
 * century and sex (0/1: 1900s male/female, 2/3: 2000s), two for the year of birth, six more.
 */
const citizenIdProblems = (
  citizenId: string,
  sex: Sex | null,
  birthDate: string | null,
): ReadonlyArray<MemberIssue> => {
  const issue = (rule: string, vi: string, en: string): MemberIssue => ({
    field: "citizenId",
    rule,
    message: { vi, en },
  })
  if (!/^\d{12}$/.test(citizenId)) {
    return [issue("citizen_id.format", "Số CCCD phải gồm đúng 12 chữ số.", "The citizen ID must be exactly 12 digits.")]
  }
  const province = Number(citizenId.slice(0, 3))
  if (province < 1 || province > 96) {
    return [
      issue(
        "citizen_id.province",
        "Ba số đầu của CCCD là mã tỉnh nơi đăng ký khai sinh (001–096).",
        "The first three digits of a citizen ID are a province code (001–096).",
      ),
    ]
  }
  const centurySex = Number(citizenId[3])
  if (centurySex > 3) {
    return [
      issue(
        "citizen_id.century",
        "Chữ số thứ tư của CCCD (thế kỷ và giới tính) phải từ 0 đến 3.",
        "The fourth digit of a citizen ID (century and sex) must be 0 to 3.",
      ),
    ]
  }
  const problems: Array<MemberIssue> = []
  if (sex !== null && (centurySex % 2 === 0 ? "male" : "female") !== sex) {
    problems.push(
      issue(
        "citizen_id.sex",
        "Chữ số thứ tư của CCCD không khớp giới tính đã khai.",
        "The citizen ID's fourth digit does not match the sex given.",
      ),
    )
  }
  if (birthDate !== null && isDay(birthDate)) {
    const year = (centurySex < 2 ? 1900 : 2000) + Number(citizenId.slice(4, 6))
    if (year !== Number(birthDate.slice(0, 4))) {
      problems.push(
        issue(
          "citizen_id.birth_year",
          `Số CCCD ghi năm sinh ${year}, không khớp ngày sinh ${birthDate}.`,
          `The citizen ID encodes birth year ${year}, which does not match the birth date ${birthDate}.`,
        ),
      )
    }
  }
  return problems
}

/** Every problem with the record, all at once; an empty list means it is acceptable. `today` bounds the dates. */
export const memberProblems = (fields: MemberFields, today: string): ReadonlyArray<MemberIssue> => {
  const problems: Array<MemberIssue> = []
  const name = fields.fullName.normalize("NFC").trim()
  if (name === "" || name.length > 120 || !/^[\p{L}\p{M}' .-]+$/u.test(name)) {
    problems.push({
      field: "fullName",
      rule: "full_name.format",
      message: {
        vi: "Họ và tên chỉ gồm chữ cái và khoảng trắng, không quá 120 ký tự.",
        en: "The full name has letters and spaces only, at most 120 characters.",
      },
    })
  }
  for (const field of ["birthDate", "admittedOn", "fullMemberOn"] as const) {
    const value = fields[field]
    if (value === null) continue
    if (!isDay(value)) {
      problems.push({
        field,
        rule: "date.format",
        message: {
          vi: `Ngày không hợp lệ: ${value} (định dạng YYYY-MM-DD).`,
          en: `Not a date: ${value} (YYYY-MM-DD).`,
        },
      })
    } else if (value > today) {
      problems.push({
        field,
        rule: "date.future",
        message: { vi: "Ngày này chưa tới.", en: "This date is in the future." },
      })
    }
  }
  const { birthDate, admittedOn, fullMemberOn } = fields
  if (birthDate !== null && admittedOn !== null && isDay(birthDate) && isDay(admittedOn)) {
    if (admittedOn < yearsAfter(birthDate, 18)) {
      problems.push({
        field: "admittedOn",
        rule: "admitted_on.age",
        message: {
          vi: "Người vào Đảng phải đủ 18 tuổi: ngày vào Đảng sớm hơn sinh nhật 18 tuổi.",
          en: "Members are admitted at 18 or older: the admission date is before the 18th birthday.",
        },
      })
    }
  }
  if (admittedOn !== null && fullMemberOn !== null && isDay(admittedOn) && isDay(fullMemberOn)) {
    // Đảng viên dự bị: twelve months of probation before becoming a full member.
    if (fullMemberOn < yearsAfter(admittedOn, 1)) {
      problems.push({
        field: "fullMemberOn",
        rule: "full_member_on.probation",
        message: {
          vi: "Ngày chính thức phải sau ngày vào Đảng ít nhất 12 tháng (thời gian dự bị).",
          en: "Full membership comes at least 12 months after admission (the probation period).",
        },
      })
    }
  }
  if (fullMemberOn !== null && admittedOn === null) {
    problems.push({
      field: "admittedOn",
      rule: "admitted_on.required",
      message: {
        vi: "Có ngày chính thức thì phải có ngày vào Đảng.",
        en: "A full-membership date needs the admission date.",
      },
    })
  }
  if (fields.citizenId !== null) problems.push(...citizenIdProblems(fields.citizenId, fields.sex, fields.birthDate))
  if (fields.partyCardNo !== null && !/^\d{6,12}$/.test(fields.partyCardNo)) {
    problems.push({
      field: "partyCardNo",
      rule: "party_card_no.format",
      message: { vi: "Số thẻ đảng viên gồm 6 đến 12 chữ số.", en: "A party card number has 6 to 12 digits." },
    })
  }
  return problems
}
