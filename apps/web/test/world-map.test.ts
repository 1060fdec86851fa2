import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import countries from "i18n-iso-countries"
import { describe, expect, it } from "vitest"
import { CLASS_FILLS, choroplethClasses, classOf } from "../app/world-map/choropleth.ts"
import { CompactPath } from "../app/world-map/compact-path.ts"
import { ALPHA2_OF_ATLAS_ID, ALPHA2_OF_ATLAS_NAME, alpha2OfShape } from "../app/world-map/country-ids.ts"
import { baseMapSvg, MAP_HEIGHT, MAP_WIDTH, outlinesOf, worldShapes } from "../app/world-map/world-map.server.ts"

const require = createRequire(import.meta.url)
const atlas = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8")) as {
  objects: { countries: { geometries: ReadonlyArray<{ id?: string; properties: { name: string } }> } }
}
const shapes = atlas.objects.countries.geometries

describe("the atlas's country ids as the platform's ISO alpha-2 codes", () => {
  it("map each numeric code to the alpha-2 code ISO 3166-1 gives it", () => {
    for (const [numeric, alpha2] of Object.entries(ALPHA2_OF_ATLAS_ID)) {
      expect(countries.numericToAlpha2(numeric), numeric).toBe(alpha2)
    }
  })

  it("cover every shape of the atlas that has an id, and the three that have none", () => {
    const unmapped = shapes.filter((shape) => alpha2OfShape(shape.id, shape.properties.name) === null)
    expect(unmapped).toEqual([])
    expect(shapes.filter((shape) => shape.id === undefined).map((shape) => shape.properties.name)).toEqual(
      expect.arrayContaining(Object.keys(ALPHA2_OF_ATLAS_NAME)),
    )
  })

  it("name the countries members go to most, and Singapore not at all (too small at 1:110m)", () => {
    const codes = new Set(shapes.map((shape) => alpha2OfShape(shape.id, shape.properties.name)))
    for (const code of ["JP", "KR", "CN", "US", "DE", "RU", "AU", "FR", "LA", "KH", "VN", "TW"]) {
      expect(codes.has(code), code).toBe(true)
    }
    expect(codes.has("SG")).toBe(false)
  })

  it("read an id however the atlas spells it, and nothing for an unknown shape", () => {
    expect(alpha2OfShape("392", "Japan")).toBe("JP")
    expect(alpha2OfShape(undefined, "Somaliland")).toBe("SO")
    expect(alpha2OfShape(undefined, "Atlantis")).toBeNull()
  })
})

describe("a compact SVG path", () => {
  it("writes whole pixels relative to the point before, and closes the ring", () => {
    const path = new CompactPath()
    path.moveTo(10.2, 20.6)
    path.lineTo(15.4, 20.4)
    path.lineTo(15.4, 30)
    path.lineTo(10.2, 20.6)
    path.closePath()
    expect(path.toString()).toBe("M10 21l5-1 0 10z")
  })

  it("drops points that round onto the last one and rings smaller than a triangle", () => {
    const path = new CompactPath()
    path.moveTo(0, 0)
    path.lineTo(0.2, 0.1)
    path.lineTo(0.3, 0.4)
    path.closePath()
    path.moveTo(0, 0)
    path.lineTo(-4, 0)
    path.lineTo(-4, -3)
    path.closePath()
    expect(path.toString()).toBe("M0 0l-4 0 0-3z")
  })
})

describe("the projected world", () => {
  it("keeps each shape inside the frame, without Antarctica", () => {
    const all = worldShapes()
    expect(all.some((shape) => shape.name === "Antarctica")).toBe(false)
    for (const shape of all) {
      let x = 0
      let y = 0
      for (const [, command, numbers] of shape.d.matchAll(/([Mlz])([^Mlz]*)/g)) {
        const values = (numbers ?? "").match(/-?\d+/g)?.map(Number) ?? []
        for (let i = 0; i + 1 < values.length; i += 2) {
          x = command === "M" && i === 0 ? (values[i] as number) : x + (values[i] as number)
          y = command === "M" && i === 0 ? (values[i + 1] as number) : y + (values[i + 1] as number)
          expect(x).toBeGreaterThanOrEqual(0)
          expect(x).toBeLessThanOrEqual(MAP_WIDTH)
          expect(y).toBeGreaterThanOrEqual(0)
          expect(y).toBeLessThanOrEqual(MAP_HEIGHT)
        }
      }
    }
  })

  it("gives each country with members its outline, Serbia with Kosovo", () => {
    const outlines = outlinesOf(["JP", "RS", "SG"])
    expect(Object.keys(outlines).sort()).toEqual(["JP", "RS"])
    const serbia = worldShapes().find((shape) => shape.name === "Serbia")?.d ?? ""
    expect(outlines.RS?.startsWith(serbia) || outlines.RS?.endsWith(serbia)).toBe(true)
    expect(outlines.RS?.length).toBeGreaterThan(serbia.length)
  })

  it("draws the base map small enough to send with every first visit", () => {
    const svg = baseMapSvg()
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 1000 480"/)
    expect(svg.length).toBeLessThan(80_000)
  })
})

describe("the map's colour classes", () => {
  it("step on round numbers, the last ending at the largest count", () => {
    expect(choroplethClasses([1, 3, 17, 240]).map((c) => [c.from, c.to])).toEqual([
      [1, 1],
      [2, 5],
      [6, 20],
      [21, 100],
      [101, 240],
    ])
  })

  it("keep to five colours for national numbers, darkest for the most", () => {
    const classes = choroplethClasses([1, 40_000])
    expect(classes).toHaveLength(CLASS_FILLS.length)
    expect(classes[0]?.from).toBe(1)
    expect(classes.at(-1)).toEqual({ from: 10_001, to: 40_000, fill: CLASS_FILLS.at(-1) })
  })

  it("spread few classes over the ramp, so they still look apart", () => {
    expect(choroplethClasses([1, 3]).map((c) => c.fill)).toEqual([CLASS_FILLS[0], CLASS_FILLS.at(-1)])
  })

  it("put each count in its class, and zero in none", () => {
    const classes = choroplethClasses([1, 3, 17])
    expect(classOf(classes, 4)?.to).toBe(5)
    expect(classOf(classes, 17)?.from).toBe(6)
    expect(classOf(classes, 0)).toBeUndefined()
    expect(choroplethClasses([])).toEqual([])
  })
})
