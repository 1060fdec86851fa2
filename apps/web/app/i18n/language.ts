/**
 * Ngôn ngữ: Vietnamese first, English second. The choice is kept in a cookie (a year), so it
 * holds before sign-in and across sessions; without one, the page is in Vietnamese.
 */
export type Lang = "vi" | "en"

export const LANG_COOKIE = "lang"

export const langFromCookie = (header: string | null): Lang => {
  for (const part of (header ?? "").split(";")) {
    const [name, value] = part.trim().split("=")
    if (name === LANG_COOKIE && value === "en") return "en"
  }
  return "vi"
}

export const langCookie = (lang: Lang): string =>
  `${LANG_COOKIE}=${lang}; Path=/; Max-Age=${60 * 60 * 24 * 365}; SameSite=Lax`

/** A text in both languages, as the API sends its messages. */
export interface Bilingual {
  readonly vi: string
  readonly en: string
}

/** Vietnamese alphabetical order (Ă after A, Đ after D, tones after the bare letter). */
export const vietnameseCollator = new Intl.Collator("vi", { sensitivity: "base", numeric: true })

export const sortByName = <T>(items: ReadonlyArray<T>, name: (item: T) => string): T[] =>
  [...items].sort((a, b) => vietnameseCollator.compare(name(a), name(b)))
