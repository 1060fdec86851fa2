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
    expect(tenantCode("Hồ Chí Minh")).toBe("ho-chi-minh")
    expect(tenantCode("Bà Rịa - Vũng Tàu")).toBe("ba-ria-vung-tau")
    expect(tenantCode("Đắk Lắk")).toBe("dak-lak")
    expect(tenantCode("Thừa Thiên Huế")).toBe("thua-thien-hue")
    // Decomposed input (as some keyboards and file systems produce it) gives the same code.
    expect(tenantCode("Thừa Thiên Huế".normalize("NFD"))).toBe("thua-thien-hue")
    expect(tenantCode("  --Đồng   Tháp!! ")).toBe("dong-thap")
    const byName = new Map(referenceTenants.map((t) => [t.name, t.code]))
    expect(byName.get("Hồ Chí Minh")).toBe("ho-chi-minh")
    expect(byName.get("Bà Rịa - Vũng Tàu")).toBe("ba-ria-vung-tau")
    expect(byName.get("Đắk Lắk")).toBe("dak-lak")
    expect(byName.get("Thừa Thiên Huế")).toBe("thua-thien-hue")
    expect(byName.get("Bộ Ngoại giao")).toBe("bng")
    expect(byName.get("Bộ Công an")).toBe("bca")
  })

  it("gives ministries their list code in lower case and keeps names with commas whole", () => {
    const culture = referenceTenants.find((t) => t.code === "bvhttdl")
    expect(culture).toMatchObject({ name: "Bộ Văn hóa, Thể thao và Du lịch", kind: "ministry", isOversight: false })
    expect(culture?.partyBody).toBe("Ban cán sự đảng Bộ Văn hóa, Thể thao và Du lịch")
    expect(referenceTenants.find((t) => t.code === "ho-chi-minh")).toMatchObject({
      kind: "city",
      partyBody: "Thành ủy Thành phố Hồ Chí Minh",
    })
    expect(referenceTenants.find((t) => t.code === "quang-ninh")?.kind).toBe("province")
  })

  it("marks exactly one oversight body: the Foreign Ministry's party committee", () => {
    const oversight = referenceTenants.filter((t) => t.isOversight)
    expect(oversight.map((t) => [t.code, t.partyBody])).toEqual([["bng", "Đảng ủy Bộ Ngoại giao"]])
  })

  it("keeps provinces' administrative codes, ministries none", () => {
    const provinces = referenceTenants.filter((t) => t.kind !== "ministry")
    for (const p of provinces) expect(p.adminCode).toMatch(/^\d{2}$/)
    expect(new Set(provinces.map((p) => p.adminCode)).size).toBe(63)
    expect(provinces.find((p) => p.code === "ho-chi-minh")?.adminCode).toBe("79")
    expect(provinces.find((p) => p.code === "ha-noi")?.adminCode).toBe("01")
    for (const m of referenceTenants.filter((t) => t.kind === "ministry")) expect(m.adminCode).toBeNull()
  })

  it("keeps the 2025 merger, which leaves 34 provinces, each merger landing on one that goes on", () => {
    const provinces = referenceTenants.filter((t) => t.kind !== "ministry")
    const byName = new Map(provinces.map((p) => [p.name, p]))
    expect(provinces.find((p) => p.code === "binh-duong")?.mergedInto2025).toBe("Hồ Chí Minh")
    expect(provinces.find((p) => p.code === "ho-chi-minh")?.mergedInto2025).toBe("Hồ Chí Minh")
    expect(provinces.find((p) => p.code === "ha-noi")?.mergedInto2025).toBeNull()
    const after2025 = new Set(provinces.map((p) => p.mergedInto2025 ?? p.name))
    expect(after2025.size).toBe(34)
    for (const name of after2025) {
      const survivor = byName.get(name)
      expect(survivor, name).toBeDefined()
      expect([null, name]).toContain(survivor?.mergedInto2025)
    }
    for (const m of referenceTenants.filter((t) => t.kind === "ministry")) expect(m.mergedInto2025).toBeNull()
  })

  it("turns any text into a valid code or nothing", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })), (text) => {
        const code = tenantCode(text)
        expect(code === "" || TENANT_CODE.test(code)).toBe(true)
        // A code is already its own code: slugging twice changes nothing.
        expect(tenantCode(code)).toBe(code)
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
    expect(isoCountries.find((c) => c.code === "JP")).toMatchObject({
      alpha3: "JPN",
      numeric: "392",
      nameVi: "Nhật Bản",
    })
    expect(isoCountries.find((c) => c.code === "KR")?.nameVi).toBe("Hàn Quốc")
    expect(isoCountries.find((c) => c.code === "AF")?.numeric).toBe("004")
    for (const c of isoCountries) {
      expect(c.code).toMatch(/^[A-Z]{2}$/)
      expect(c.alpha3).toMatch(/^[A-Z]{3}$/)
      expect(c.numeric).toMatch(/^\d{3}$/)
      expect(c.nameVi).not.toBe("")
      expect(c.nameVi).toBe(c.nameVi.normalize("NFC"))
    }
    expect(new Set(isoCountries.map((c) => c.alpha3)).size).toBe(isoCountries.length)
    expect(new Set(isoCountries.map((c) => c.numeric)).size).toBe(isoCountries.length)
  })

  it("use Vietnam's official names where the package's differ", () => {
    const nameVi = (code: string) => isoCountries.find((c) => c.code === code)?.nameVi
    expect(nameVi("MY")).toBe("Malaysia")
    expect(nameVi("TW")).toBe("Đài Loan (Trung Quốc)")
    expect(nameVi("PS")).toBe("Nhà nước Palestine")
  })

  it("name in Vietnamese the countries the package leaves in English", () => {
    const nameVi = (code: string) => isoCountries.find((c) => c.code === code)?.nameVi
    expect(nameVi("AT")).toBe("Áo")
    expect(nameVi("CY")).toBe("Síp")
    expect(nameVi("SA")).toBe("Ả Rập Xê-út")
    // Same word in both languages: kept.
    expect(nameVi("CA")).toBe("Canada")
  })
})
