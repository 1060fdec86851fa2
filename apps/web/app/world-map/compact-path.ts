/**
 * An SVG path written small: whole pixels, each point relative to the one before (`l3 -1`
 * rather than `L512 207`), points that round onto the previous one dropped, and rings that
 * shrink below a triangle left out. A world map of 1:110m shapes drawn 1000 pixels wide
 * loses nothing visible and weighs about half of d3's own output.
 *
 * It is a "context" as `d3-geo`'s `geoPath(projection, context)` drives one.
 */
export class CompactPath {
  private readonly rings: string[] = []
  private ring: Array<readonly [number, number]> = []

  /** d3 calls it before each polygon; the rings themselves say where they begin. */
  beginPath(): void {}

  moveTo(x: number, y: number): void {
    this.flush()
    this.ring = [[Math.round(x), Math.round(y)]]
  }

  lineTo(x: number, y: number): void {
    const point = [Math.round(x), Math.round(y)] as const
    const last = this.ring.at(-1)
    if (last !== undefined && last[0] === point[0] && last[1] === point[1]) return
    this.ring.push(point)
  }

  closePath(): void {
    this.flush()
  }

  /** d3 draws points as arcs; a map of countries has none, so a point is drawn as nothing. */
  arc(): void {}

  /** The path's `d`, or "" when every ring was too small to see. */
  toString(): string {
    this.flush()
    return this.rings.join("")
  }

  private flush(): void {
    const ring = this.ring
    this.ring = []
    const first = ring[0]
    const last = ring.at(-1)
    // A closed ring repeats its first point at the end: `z` says it already.
    if (ring.length > 1 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]) {
      ring.pop()
    }
    if (ring.length < 3 || first === undefined) return
    let text = `M${first[0]} ${first[1]}`
    for (let i = 1; i < ring.length; i++) {
      const [x, y] = ring[i] as readonly [number, number]
      const [px, py] = ring[i - 1] as readonly [number, number]
      const dx = x - px
      const dy = y - py
      text += `${i === 1 ? "l" : dx < 0 ? "" : " "}${dx}${dy < 0 ? "" : " "}${dy}`
    }
    this.rings.push(`${text}z`)
  }
}
