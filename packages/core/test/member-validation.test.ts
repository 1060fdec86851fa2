import { describe, expect, it } from "vitest"
import { type MemberFields, memberProblems } from "../src/index.ts"

const valid: MemberFields = {
  fullName: "Nguyễn Thị Hoa",
  sex: "female",
  birthDate: "1985-03-12",
  citizenId: "079185001234",
  partyCardNo: "79123456",
  admittedOn: "2010-05-19",
  fullMemberOn: "2011-05-19",
}
const rules = (fields: Partial<MemberFields>) =>
  memberProblems({ ...valid, ...fields }, "2026-11-23").map((p) => p.rule)

describe("a member's record", () => {
  it("accepts a consistent record", () => {
    expect(rules({})).toEqual([])
  })

  it("reads the citizen ID as its layout says: province, century and sex, year of birth", () => {
    expect(rules({ citizenId: "07918500123" })).toEqual(["citizen_id.format"])
    expect(rules({ citizenId: "099185001234" })).toEqual(["citizen_id.province"])
    expect(rules({ citizenId: "079085001234" })).toEqual(["citizen_id.sex"])
    expect(rules({ citizenId: "079186001234" })).toEqual(["citizen_id.birth_year"])
    expect(rules({ citizenId: "079485001234" })).toEqual(["citizen_id.century"])
    // Born in the 2000s: the fourth digit is 2 (male) or 3 (female).
    expect(
      rules({
        birthDate: "2003-01-01",
        admittedOn: "2021-06-01",
        fullMemberOn: "2022-06-01",
        citizenId: "079303001234",
      }),
    ).toEqual([])
  })

  it("admits at 18 or older, and makes a full member after twelve months of probation", () => {
    expect(rules({ admittedOn: "2003-03-11" })).toEqual(["admitted_on.age"])
    expect(rules({ admittedOn: "2003-03-12", fullMemberOn: "2004-03-12" })).toEqual([])
    expect(rules({ fullMemberOn: "2011-05-18" })).toEqual(["full_member_on.probation"])
    expect(rules({ admittedOn: null })).toEqual(["admitted_on.required"])
  })

  it("refuses impossible and future dates, and names with digits", () => {
    expect(rules({ birthDate: "1985-02-30" })).toContain("date.format")
    expect(rules({ fullMemberOn: "2027-01-01" })).toContain("date.future")
    expect(rules({ fullName: "Nguyễn Văn 3" })).toEqual(["full_name.format"])
    expect(rules({ partyCardNo: "12-34" })).toEqual(["party_card_no.format"])
  })

  it("explains every problem in Vietnamese and English", () => {
    for (const problem of memberProblems({ ...valid, citizenId: "1", fullMemberOn: "2999-01-01" }, "2026-11-23")) {
      expect(problem.message.vi.length).toBeGreaterThan(10)
      expect(problem.message.en.length).toBeGreaterThan(10)
    }
  })
})
