/**
 * A chart's value axis: from zero to a round number a little above the largest count, in
 * steps of 1, 2 or 5 times a power of ten — the ticks people read without effort. Counts are
 * whole, so a step is never below one.
 */
export interface ValueScale {
  readonly top: number
  readonly step: number
  readonly ticks: ReadonlyArray<number>
}

export const niceScale = (max: number, targetTicks = 5): ValueScale => {
  const rough = Math.max(1, max) / targetTicks
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = Math.max(1, ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power) as number)
  const top = Math.max(step, Math.ceil(max / step) * step)
  const ticks: number[] = []
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick)
  return { top, step, ticks }
}

/** Where `value` lies on an axis `length` long (0 at the bottom or left). */
export const scaled = (scale: ValueScale, value: number, length: number): number => (value / scale.top) * length
