import { Schema } from "effect"

/** Text shown to users: Vietnamese first, English second, as the whole platform speaks. */
export const BilingualText = Schema.Struct({ vi: Schema.String, en: Schema.String })
export type BilingualText = typeof BilingualText.Type
