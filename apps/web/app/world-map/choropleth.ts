/**
 * The map's colour classes: counts grouped on a roughly logarithmic scale of round numbers
 * (1, 2–5, 6–20, 21–100, …), because members abroad are spread very unevenly — a few in most
 * countries, thousands in a handful — and equal steps would paint all but those the same.
 * At most five classes, the fewest that tell the counts present apart.
 */

export interface ChoroplethClass {
  /** Inclusive bounds. */
  readonly from: number
  readonly to: number
  readonly fill: string
}

/**
 * Light to dark blue. The lightest still stands apart from the grey of countries without
 * members (the map's base, #e4e7eb); the darkest still shows the white borders and the focus ring.
 */
export const CLASS_FILLS = ["#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"] as const

/** Upper bounds of the round-number steps: 1, 5, 20, 100, 500, 2 000, 10 000, … up to `max`. */
const upperBounds = (max: number): number[] => {
  const bounds: number[] = []
  for (let power = 1; bounds.length === 0 || (bounds.at(-1) as number) < max; power *= 100) {
    bounds.push(power, 5 * power, 20 * power)
  }
  // The steps past the first that reaches `max` are not needed.
  return bounds.slice(0, bounds.findIndex((bound) => bound >= max) + 1)
}

export const choroplethClasses = (counts: ReadonlyArray<number>): ReadonlyArray<ChoroplethClass> => {
  const max = Math.max(0, ...counts)
  if (max === 0) return []
  let bounds = upperBounds(max)
  // More steps than colours: keep the top ones, the first class starting at 1.
  if (bounds.length > CLASS_FILLS.length) bounds = bounds.slice(bounds.length - CLASS_FILLS.length)
  // The last step ends at the largest count present, so the legend never promises more.
  bounds[bounds.length - 1] = max
  // Fewer classes than colours: spread them over the ramp, so two classes still look apart.
  const last = CLASS_FILLS.length - 1
  const fillIndex = (i: number) => (bounds.length === 1 ? 3 : Math.round((i * last) / (bounds.length - 1)))
  return bounds.map((to, i) => ({
    from: i === 0 ? 1 : (bounds[i - 1] as number) + 1,
    to,
    fill: CLASS_FILLS[fillIndex(i)] as string,
  }))
}

/** The class a count falls in; none for zero. */
export const classOf = (classes: ReadonlyArray<ChoroplethClass>, count: number): ChoroplethClass | undefined =>
  count <= 0 ? undefined : classes.find((c) => count >= c.from && count <= c.to)
