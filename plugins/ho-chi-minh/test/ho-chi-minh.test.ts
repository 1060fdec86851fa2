import { configWordsMissing, PluginInputInvalid, testTenant } from "@abroad/plugin-sdk/testing"
import { describe, expect, it } from "vitest"
import plugin from "../src/index.ts"

const CONGRESS_2025 = { name: "Đại hội đại biểu Đảng bộ Thành phố lần thứ I", from: "2025-10-01", to: "2025-10-20" }

const hostAndContact = {
  hostName: "Nguyễn Thị Hoa",
  hostAddress: "1-2-3 Shinjuku, Tokyo, Nhật Bản",
  hostPhone: "+81312345678",
  emergencyContactName: "Trần Văn Nam",
  emergencyContactRelation: "chồng",
  emergencyContactPhone: "0912345678",
}

const city = (congressPeriods: ReadonlyArray<unknown> = [CONGRESS_2025], extra: Record<string, unknown> = {}) =>
  testTenant({
    plugin,
    config: { congressPeriods, ...extra },
    members: [{ id: "m1", fullName: "Lê Thị Mai" }],
    trips: [{ id: "t1", memberId: "m1", status: "returned" }],
  })

describe("ho-chi-minh: config", () => {
  it("gives every config field and choice words in Vietnamese and English for the administrators' form", () => {
    expect(configWordsMissing(plugin.configSchema)).toEqual([])
  })
  it("refuses a congress period that ends before it starts or names no real day, with the path", () => {
    const paths = (config: unknown) => {
      try {
        testTenant({ plugin, config })
        return []
      } catch (error) {
        return (error as PluginInputInvalid).issues.map((issue) => issue.path.join("."))
      }
    }
    expect(paths({ congressPeriods: [{ name: "Đại hội", from: "2025-10-20", to: "2025-10-01" }] })).toEqual([
      "config.congressPeriods.0",
    ])
    expect(paths({ congressPeriods: [{ name: "Đại hội", from: "2025-02-30", to: "2025-03-01" }] })).toEqual([
      "config.congressPeriods.0.from",
    ])
    // A month that does not exist is a wrong field like any other, not a failure of the check itself.
    expect(paths({ congressPeriods: [{ name: "Đại hội", from: "2027-01-01", to: "2027-13-45" }] })).toEqual([
      "config.congressPeriods.0.to",
    ])
    expect(paths({ congressPeriods: [], reportWorkingDays: 0 })).toEqual(["config.reportWorkingDays"])
  })
})

describe("ho-chi-minh: host abroad and emergency contact", () => {
  it("asks every request for the host abroad and an emergency contact in Vietnam", async () => {
    const decoded = city().decodeFields("tripRequest", {}, "official_work")
    expect(decoded.ok).toBe(false)
    if (decoded.ok) return
    expect(decoded.issues.map((issue) => issue.path.at(-1)).sort()).toEqual([
      "emergencyContactName",
      "emergencyContactPhone",
      "emergencyContactRelation",
      "hostAddress",
      "hostName",
      "hostPhone",
    ])
  })

  it("wants the host's number in international form and the contact's as a Vietnamese number", () => {
    const decoded = city().decodeFields(
      "tripRequest",
      { ...hostAndContact, hostPhone: "03 1234 5678", emergencyContactPhone: "+81312345678" },
      "private_tourism",
    )
    expect(decoded.ok ? [] : decoded.issues.map((issue) => issue.path.join("."))).toEqual([
      "extra.ho-chi-minh.hostPhone",
      "extra.ho-chi-minh.emergencyContactPhone",
    ])
    expect(city().decodeFields("tripRequest", { ...hostAndContact, emergencyContactPhone: "+84912345678" }).ok).toBe(
      true,
    )
  })

  it("refuses a request without them before any rule runs", async () => {
    await expect(city().validateTrip({ memberId: "m1", fields: {} })).rejects.toBeInstanceOf(PluginInputInvalid)
  })
})

describe("ho-chi-minh: private trips in a Party Congress period", () => {
  const trip = (purpose: string, plannedDeparture: string, plannedReturn: string) =>
    city().validateTrip({ memberId: "m1", purpose, plannedDeparture, plannedReturn, fields: hostAndContact })

  it.each(["private_tourism", "private_family_visit", "private_medical_treatment"])(
    "sends a %s trip overlapping the congress to the Standing Committee, saying why in both languages",
    async (purpose) => {
      const { route } = await trip(purpose, "2025-09-28", "2025-10-02")
      expect(route).toEqual([
        {
          kind: "require_approval",
          rule: "ho-chi-minh.private_trip_in_congress_period",
          level: "standing_committee",
          message: {
            vi: "Chuyến đi việc riêng từ 28/09/2025 đến 02/10/2025 trùng thời gian Đại hội đại biểu Đảng bộ Thành phố lần thứ I (01/10/2025–20/10/2025): cần Ban Thường vụ Thành ủy xem xét, quyết định.",
            en: "A private trip from 2025-09-28 to 2025-10-02 overlaps Đại hội đại biểu Đảng bộ Thành phố lần thứ I (2025-10-01 to 2025-10-20): the city's Standing Committee must decide.",
          },
        },
      ])
    },
  )

  it("counts a trip touching the period's first or last day, and not one that ends the day before", async () => {
    expect((await trip("private_tourism", "2025-10-20", "2025-10-25")).route).toHaveLength(1)
    expect((await trip("private_tourism", "2025-09-20", "2025-10-01")).route).toHaveLength(1)
    expect((await trip("private_tourism", "2025-09-20", "2025-09-30")).route).toEqual([])
    expect((await trip("private_tourism", "2025-10-21", "2025-10-30")).route).toEqual([])
  })

  it("leaves official work, study and other purposes to the regulation's routing", async () => {
    for (const purpose of ["official_work", "study", "labour_export", "settlement"]) {
      expect((await trip(purpose, "2025-10-05", "2025-10-10")).outcomes).toEqual([])
    }
  })

  it("names each overlapping period, and nothing when none is configured", async () => {
    const two = city([CONGRESS_2025, { name: "Đại hội Đảng bộ quận", from: "2025-10-08", to: "2025-10-09" }])
    const { route } = await two.validateTrip({
      memberId: "m1",
      purpose: "private_family_visit",
      plannedDeparture: "2025-10-07",
      plannedReturn: "2025-10-12",
      fields: hostAndContact,
    })
    expect(route.map((outcome) => outcome.message.en.includes("quận"))).toEqual([false, true])
    const none = await city([]).validateTrip({
      memberId: "m1",
      plannedDeparture: "2025-10-07",
      plannedReturn: "2025-10-12",
      fields: hostAndContact,
    })
    expect(none.outcomes).toEqual([])
  })
})

describe("ho-chi-minh: after-return report in 7 working days", () => {
  it("asks for the report within 7 working days, skipping weekends and holidays", async () => {
    // Back on Thursday 28 August 2025: 1–2 September are the National Day holiday.
    expect(await city().deadlines({ tripId: "t1", returnedOn: "2025-08-28", reportDueOn: "2025-09-12" })).toEqual({
      outcome: { reportDeadline: { kind: "working_days", days: 7 } },
      reportDueOn: "2025-09-10",
    })
  })

  it("never loosens a stricter deadline the tenant already has", async () => {
    const { reportDueOn } = await city().deadlines({
      tripId: "t1",
      returnedOn: "2025-08-28",
      reportDueOn: "2025-09-04",
    })
    expect(reportDueOn).toBe("2025-09-04")
  })

  it("takes another count of working days from the config", async () => {
    const tenant = city([], { reportWorkingDays: 5 })
    expect(
      (await tenant.deadlines({ tripId: "t1", returnedOn: "2025-08-28", reportDueOn: "2025-09-30" })).reportDueOn,
    ).toBe("2025-09-08")
  })
})
