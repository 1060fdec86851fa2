/**
 * The generator's source of chance: mulberry32, seeded per tenant, so that a seed yields the same
 * national data set on every machine and every run, and one tenant's data does not depend on how
 * many members another one drew. Ids are drawn from it too (UUID v4 layout), never from the clock.
 */
export interface Draws {
  /** A float in [0, 1). */
  readonly next: () => number
  /** An integer in [min, max]. */
  readonly int: (min: number, max: number) => number
  readonly pick: <A>(items: ReadonlyArray<A>) => A
  /** One of `items`, each as likely as its weight. */
  readonly weighted: <A>(items: ReadonlyArray<readonly [A, number]>) => A
  /** A UUID (version 4 layout) made of draws. */
  readonly uuid: () => string
}

/** FNV-1a over the text: turns a seed and a tenant code into a 32-bit stream seed. */
export const seedOf = (...parts: ReadonlyArray<string | number>): number => {
  let hash = 0x811c9dc5
  for (const char of parts.join("\u001f")) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"))

export const draws = (seed: number): Draws => {
  let state = seed >>> 0
  const word = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  const next = () => word() / 4294967296
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <A>(items: ReadonlyArray<A>): A => {
    const item = items[Math.floor(next() * items.length)]
    if (item === undefined) throw new Error("pick from an empty list")
    return item
  }
  const weighted = <A>(items: ReadonlyArray<readonly [A, number]>): A => {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0)
    let point = next() * total
    for (const [item, weight] of items) {
      point -= weight
      if (point < 0) return item
    }
    const last = items.at(-1)
    if (last === undefined) throw new Error("weighted pick from an empty list")
    return last[0]
  }
  const byte = (value: number, shift: number) => HEX[(value >>> shift) & 0xff] ?? "00"
  const uuid = () => {
    const a = word()
    const b = word()
    const c = word()
    const d = word()
    // Version 4 in the 13th hex digit, variant 10xx in the 17th.
    const b2 = (b & 0xffff0fff) | 0x4000
    const c2 = ((c & 0x3fffffff) | 0x80000000) >>> 0
    return (
      `${byte(a, 24)}${byte(a, 16)}${byte(a, 8)}${byte(a, 0)}-${byte(b2, 24)}${byte(b2, 16)}-` +
      `${byte(b2, 8)}${byte(b2, 0)}-${byte(c2, 24)}${byte(c2, 16)}-${byte(c2, 8)}${byte(c2, 0)}` +
      `${byte(d, 24)}${byte(d, 16)}${byte(d, 8)}${byte(d, 0)}`
    )
  }
  return { next, int, pick, weighted, uuid }
}
