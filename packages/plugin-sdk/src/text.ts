/** Text shown to people: Vietnamese first, English second (every message, label and error). */
export interface BilingualText {
  readonly vi: string
  readonly en: string
}
