import { DEMO_PLUGINS } from "@abroad/core"
import type { Day } from "./days.ts"
import { dayOf } from "./days.ts"
import { fullName } from "./names.ts"
import type { Draws } from "./random.ts"

/**
 * Plugins in the national data set: the tenants that use one have it installed and enabled, with
 * the config the demo uses, and every trip requested since the installation carries the plugin's
 * request fields under `extra.<pluginId>`, as the request form would have stored them.
 *
 * Only Hồ Chí Minh City's plugin is installed. Quảng Ninh's imports border crossings from a feed
 * every hour: enabled in a bench database, its job would fetch from nowhere in the middle of a
 * measurement, and its request fields matter only for the day trips it adds.
 */
export interface PluginInstallationPlan {
  readonly tenant: string
  readonly pluginId: string
  /** The version written in the installation: the plugin's own (plugins/<id>/package.json). */
  readonly version: string
  readonly config: Readonly<Record<string, unknown>>
  /** Requests drafted from this day on carry the plugin's fields; earlier ones were filed without. */
  readonly installedOn: string
  readonly tripFields: (random: Draws, trip: { readonly countries: ReadonlyArray<string> }) => Record<string, unknown>
}

/** Where the host lives, by destination: a city, a street and the country's calling code. */
const HOSTS: Readonly<
  Record<string, { city: string; country: string; calling: string; streets: ReadonlyArray<string> }>
> = {
  CN: { city: "Quảng Châu", country: "Trung Quốc", calling: "86", streets: ["Tianhe Road", "Huanshi East Road"] },
  JP: { city: "Tokyo", country: "Nhật Bản", calling: "81", streets: ["Shinjuku 3-chome", "Minato 2-chome"] },
  KR: { city: "Seoul", country: "Hàn Quốc", calling: "82", streets: ["Sejong-daero", "Teheran-ro"] },
  US: { city: "San Jose", country: "Hoa Kỳ", calling: "1", streets: ["Story Road", "Tully Road"] },
  AU: { city: "Melbourne", country: "Úc", calling: "61", streets: ["Hopkins Street", "Victoria Street"] },
  FR: { city: "Paris", country: "Pháp", calling: "33", streets: ["Avenue de Choisy", "Rue de Tolbiac"] },
  DE: { city: "Berlin", country: "Đức", calling: "49", streets: ["Herzbergstraße", "Frankfurter Allee"] },
  RU: { city: "Moskva", country: "Nga", calling: "7", streets: ["Tverskaya", "Lyublinskaya"] },
  TH: { city: "Bangkok", country: "Thái Lan", calling: "66", streets: ["Sukhumvit", "Silom"] },
  SG: { city: "Singapore", country: "Singapore", calling: "65", streets: ["Orchard Road", "Bukit Timah Road"] },
  LA: { city: "Viêng Chăn", country: "Lào", calling: "856", streets: ["Lane Xang", "Setthathirath"] },
  KH: { city: "Phnôm Pênh", country: "Campuchia", calling: "855", streets: ["Norodom", "Monivong"] },
  TW: { city: "Đài Bắc", country: "Đài Loan", calling: "886", streets: ["Zhongshan Road", "Minsheng Road"] },
  GB: { city: "London", country: "Anh", calling: "44", streets: ["Mare Street", "Kingsland Road"] },
  CA: { city: "Toronto", country: "Canada", calling: "1", streets: ["Spadina Avenue", "Dundas Street"] },
  MY: { city: "Kuala Lumpur", country: "Malaysia", calling: "60", streets: ["Jalan Ampang", "Jalan Bukit Bintang"] },
  CZ: { city: "Praha", country: "Séc", calling: "420", streets: ["Libušská", "Vodičkova"] },
  PL: { city: "Warszawa", country: "Ba Lan", calling: "48", streets: ["Marszałkowska", "Puławska"] },
}
/** Elsewhere: the capital, named by the country's code (the form asks for a street, a city, a country). */
const elsewhere = (code: string) => ({ city: "Thủ đô", country: code, calling: "44", streets: ["Main Street"] })

const HOST_KINDS = ["Gia đình", "Công ty", "Trường", "Hội người Việt tại"] as const
const RELATIONS = ["vợ", "chồng", "con", "bố", "mẹ", "anh", "chị", "em"] as const
/** Vietnamese mobile prefixes after the 2018 renumbering (03x, 05x, 07x, 08x, 09x). */
const MOBILE_PREFIXES = ["03", "05", "07", "08", "09"] as const

const digits = (random: Draws, count: number) => Array.from({ length: count }, () => String(random.int(0, 9))).join("")

/** Ho Chi Minh City's request fields (plugins/ho-chi-minh/src/fields.ts): the host abroad and a contact at home. */
const hoChiMinhFields = (random: Draws, trip: { readonly countries: ReadonlyArray<string> }) => {
  const code = trip.countries[0] ?? "JP"
  const host = HOSTS[code] ?? elsewhere(code)
  const kind = random.pick(HOST_KINDS)
  const hostName =
    kind === "Gia đình"
      ? `Gia đình ông/bà ${fullName(random, random.next() < 0.5 ? "male" : "female")}`
      : `${kind} ${host.city === "Thủ đô" ? code : host.city}`
  return {
    hostName,
    hostAddress: `${random.int(1, 399)} ${random.pick(host.streets)}, ${host.city}, ${host.country}`,
    hostPhone: `+${host.calling}${digits(random, 9)}`,
    emergencyContactName: fullName(random, random.next() < 0.5 ? "male" : "female"),
    emergencyContactRelation: random.pick(RELATIONS),
    emergencyContactPhone: `${random.pick(MOBILE_PREFIXES)}${digits(random, 8)}`,
  }
}

const demoConfig = (tenant: string, pluginId: string) => {
  const demo = DEMO_PLUGINS.find((item) => item.tenant === tenant && item.pluginId === pluginId)
  if (demo === undefined) throw new Error(`no demo config of the plugin ${pluginId} in ${tenant}`)
  return demo.config
}

export const PLUGIN_INSTALLATIONS: ReadonlyArray<PluginInstallationPlan> = [
  {
    tenant: "ho-chi-minh",
    pluginId: "ho-chi-minh",
    version: "1.0.0",
    config: demoConfig("ho-chi-minh", "ho-chi-minh"),
    installedOn: "2023-01-01",
    tripFields: hoChiMinhFields,
  },
]

/** The plugins a tenant has installed, with the first day their fields apply. */
export const pluginsOf = (tenant: string): ReadonlyArray<PluginInstallationPlan & { readonly since: Day }> =>
  PLUGIN_INSTALLATIONS.filter((plan) => plan.tenant === tenant).map((plan) => ({
    ...plan,
    since: dayOf(plan.installedOn),
  }))
