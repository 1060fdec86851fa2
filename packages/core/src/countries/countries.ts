import { createRequire } from "node:module"
import countries from "i18n-iso-countries"

/** A country (quốc gia, vùng lãnh thổ) of ISO 3166-1, named in Vietnamese and English. */
export interface Country {
  /** alpha-2, upper case: `JP`. */
  readonly code: string
  readonly alpha3: string
  readonly numeric: string
  readonly nameVi: string
  readonly nameEn: string
}

// The package ships each language as JSON and must be told which to load.
const require = createRequire(import.meta.url)
countries.registerLocale(require("i18n-iso-countries/langs/vi.json"))
countries.registerLocale(require("i18n-iso-countries/langs/en.json"))

/**
 * Vietnamese names the package gets wrong, or gets otherwise than Vietnam's official usage,
 * which is what party documents must show. The English names stay ISO's.
 */
const VIETNAMESE_NAME: Readonly<Record<string, string>> = {
  // The package says "Bán đảo Mã Lai", the Malay Peninsula: a region, not the state.
  MY: "Malaysia",
  // Vietnam recognises the State of Palestine; the package's "occupied territory" is not its name.
  PS: "Nhà nước Palestine",
  // The form Vietnamese official documents use.
  TW: "Đài Loan (Trung Quốc)",
}

/**
 * The package leaves many Vietnamese names untranslated (its "Austria" where Vietnamese says "Áo").
 * Where it only repeats the English name, Unicode CLDR's name (through Intl, built into Node) is
 * the better Vietnamese; where CLDR has none either, the name is the same in both languages
 * ("Canada", "Singapore").
 */
const cldrVietnamese = new Intl.DisplayNames("vi", { type: "region", fallback: "none" })
const vietnameseOrUnicodeName = (code: string, packageName: string | undefined, nameEn: string): string =>
  packageName !== undefined && packageName !== nameEn ? packageName : (cldrVietnamese.of(code) ?? nameEn)

const loadCountries = (): ReadonlyArray<Country> => {
  const vi = countries.getNames("vi", { select: "official" })
  const en = countries.getNames("en", { select: "official" })
  return Object.keys(countries.getAlpha2Codes())
    .sort()
    .map((code) => {
      const nameEn = en[code]
      const alpha3 = countries.alpha2ToAlpha3(code)
      const numeric = countries.alpha2ToNumeric(code)
      if (nameEn === undefined || alpha3 === undefined || numeric === undefined) {
        throw new Error(`i18n-iso-countries has no English name or codes for ${code}`)
      }
      // Every code has a Vietnamese name in the package (7.14) today; should a new code arrive
      // without one, the English name keeps the list whole until the translation follows.
      const nameVi = VIETNAMESE_NAME[code] ?? vietnameseOrUnicodeName(code, vi[code], nameEn)
      return { code, alpha3, numeric, nameVi: nameVi.normalize("NFC"), nameEn: nameEn.normalize("NFC") }
    })
}

/**
 * ISO 3166-1 (249 codes) and Kosovo's `XK`, which the package carries as a user-assigned code:
 * members do travel there, and a trip needs a destination to name. In alpha-2 order.
 */
export const isoCountries: ReadonlyArray<Country> = loadCountries()
