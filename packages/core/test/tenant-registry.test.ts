import { isoCountries, referenceTenants, TENANT_CODE, tenantCode } from "@abroad/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

describe("the tenant registry", () => {
  it("holds the 63 provinces and the 22 central ministries", () => {
    expect(referenceTenants).toHaveLength(85)
    expect(referenceTenants.filter((t) => t.kind !== "ministry")).toHaveLength(63)
    expect(referenceTenants.filter((t) => t.kind === "ministry")).toHaveLength(22)
    expect(referenceTenants.filter((t) => t.kind === "city").map((t) => t.code)).toEqual(
      expect.arrayContaining(["ha-noi", "ho-chi-minh", "hai-phong", "da-nang", "can-tho"]),
    )
  })

  it("gives every tenant a unique URL-safe code", () => {
    const codes = referenceTenants.map((t) => t.code)
    expect(new Set(codes).size).toBe(85)
    for (const code of codes) expect(code).toMatch(TENANT_CODE)
  })

  it("keeps official names in NFC", () => {
    for (const t of referenceTenants) {
      expect(t.name).toBe(t.name.normalize("NFC"))
      expect(t.partyBody).toBe(t.partyBody.normalize("NFC"))
    }
  })

  it("derives province codes from the name without diacritics, ministries from their code", () => {
    const byName = new Map(referenceTenants.map((t) => [t.name, t.code]))
    expect(byName.get("Hồ Chí Minh")).toBe("ho-chi-minh")
    expect(byName.get("Bà Rịa - Vũng Tàu")).toBe("ba-ria-vung-tau")
    expect(byName.get("Đắk Lắk")).toBe("dak-lak")
    expect(byName.get("Thừa Thiên Huế")).toBe("thua-thien-hue")
    expect(byName.get("Bộ Ngoại giao")).toBe("bng")
    expect(byName.get("Bộ Công an")).toBe("bca")
  })

  it("marks exactly one oversight body: the Foreign Ministry's party committee", () => {
    const oversight = referenceTenants.filter((t) => t.isOversight)
    expect(oversight.map((t) => [t.code, t.partyBody])).toEqual([["bng", "Đảng ủy Bộ Ngoại giao"]])
  })

  it("keeps provinces' administrative codes and the 2025 merger that leaves 34", () => {
    const provinces = referenceTenants.filter((t) => t.kind !== "ministry")
    for (const p of provinces) expect(p.adminCode).toMatch(/^\d{2}$/)
    expect(new Set(provinces.map((p) => p.adminCode)).size).toBe(63)
    expect(provinces.find((p) => p.code === "ho-chi-minh")?.adminCode).toBe("79")
    expect(provinces.filter((p) => p.mergedInto2025 === null)).toHaveLength(34)
    expect(provinces.find((p) => p.code === "binh-duong")?.mergedInto2025).toBe("ho-chi-minh")
  })

  it("turns any text into a valid code or nothing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const code = tenantCode(text)
        expect(code === "" || TENANT_CODE.test(code)).toBe(true)
      }),
    )
  })
})

describe("the countries", () => {
  it("cover ISO 3166-1 with Vietnamese and English names", () => {
    expect(isoCountries.length).toBeGreaterThanOrEqual(249)
    expect(new Set(isoCountries.map((c) => c.code)).size).toBe(isoCountries.length)
    expect(isoCountries.find((c) => c.code === "VN")).toEqual({
      code: "VN",
      alpha3: "VNM",
      numeric: "704",
      nameVi: "Việt Nam",
      nameEn: "Vietnam",
    })
    expect(isoCountries.find((c) => c.code === "JP")?.nameVi).toBe("Nhật Bản")
    for (const c of isoCountries) expect(c.nameVi).toBe(c.nameVi.normalize("NFC"))
  })
})
