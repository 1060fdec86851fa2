import { referenceTenants } from "@abroad/core"

/**
 * How the country's 5.6 million party members spread over the 85 tenants: Hà Nội and Hồ Chí Minh
 * City are the largest party organisations, the populous northern and central provinces follow, the
 * central ministries' party bodies are small. Relative weights (a province of average size is 1), not
 * official figures: what matters for a benchmark is that tenants differ in size as they do in life.
 */
const WEIGHTS: Readonly<Record<string, number>> = {
  "ha-noi": 7.5,
  "ho-chi-minh": 4.2,
  "thanh-hoa": 2.6,
  "nghe-an": 2.4,
  "hai-phong": 1.7,
  "thai-binh": 1.6,
  "nam-dinh": 1.6,
  "hai-duong": 1.5,
  "ha-tinh": 1.4,
  "phu-tho": 1.3,
  "bac-giang": 1.2,
  "dong-nai": 1.2,
  "quang-ninh": 1.2,
  "da-nang": 1,
  "can-tho": 0.9,
}
const MINISTRY_WEIGHT = 0.12

/** Trips per member are higher where work takes people abroad: the ministries send delegations. */
const MINISTRY_TRIP_FACTOR = 4

export interface TenantPlan {
  readonly code: string
  /** Mã tỉnh, for the citizen IDs of people born there; null for a ministry. */
  readonly adminCode: string | null
  readonly kind: "province" | "city" | "ministry"
  readonly partyBody: string
  readonly members: number
  readonly trips: number
  /** Trips under way now: departed, not yet back. */
  readonly abroadNow: number
}

/** The national totals at scale 1. */
export const NATIONAL = { members: 5_600_000, trips: 450_000, abroadNow: 40_000 } as const

/** Each tenant's share of members, trips and members abroad, for `scale` (1 = the whole country). */
export const planTenants = (scale: number): ReadonlyArray<TenantPlan> => {
  const weightOf = (code: string, kind: string) =>
    kind === "ministry" ? MINISTRY_WEIGHT : (WEIGHTS[code] ?? (kind === "city" ? 1.1 : 0.85))
  const memberWeights = referenceTenants.map((tenant) => weightOf(tenant.code, tenant.kind))
  const tripWeights = referenceTenants.map(
    (tenant, index) => (memberWeights[index] ?? 0) * (tenant.kind === "ministry" ? MINISTRY_TRIP_FACTOR : 1),
  )
  const share = (weights: ReadonlyArray<number>, total: number, minimum: number) => {
    const sum = weights.reduce((a, b) => a + b, 0)
    return weights.map((weight) => Math.max(minimum, Math.round((total * scale * weight) / sum)))
  }
  const members = share(memberWeights, NATIONAL.members, 20)
  const trips = share(tripWeights, NATIONAL.trips, 4)
  const abroad = share(tripWeights, NATIONAL.abroadNow, 1)
  return referenceTenants.map((tenant, index) => {
    const tripCount = trips[index] ?? 0
    return {
      code: tenant.code,
      adminCode: tenant.adminCode,
      kind: tenant.kind,
      partyBody: tenant.partyBody,
      members: members[index] ?? 0,
      trips: tripCount,
      // Never more trips abroad than trips, nor more than one member in ten.
      abroadNow: Math.min(abroad[index] ?? 0, tripCount, Math.floor((members[index] ?? 0) / 10)),
    }
  })
}
