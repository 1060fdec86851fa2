import { describe, expect, it } from "vitest"
import { isoCountries } from "../../../packages/core/src/countries/countries.ts"
import { COUNTRIES, countryOption } from "../app/i18n/countries.ts"

describe("the forms' list of countries", () => {
  it("is the platform's: every code the API takes, with its Vietnamese and English names", () => {
    expect(COUNTRIES.map(([code, vi, en]) => ({ code, vi, en }))).toEqual(
      isoCountries.map((country) => ({ code: country.code, vi: country.nameVi, en: country.nameEn })),
    )
  })

  it("suggests each by its name in the page's language, with the code the field takes", () => {
    const japan = COUNTRIES.find(([code]) => code === "JP")
    if (japan === undefined) throw new Error("no JP")
    expect(countryOption("vi", japan)).toBe("Nhật Bản (JP)")
    expect(countryOption("en", japan)).toBe("Japan (JP)")
  })
})
