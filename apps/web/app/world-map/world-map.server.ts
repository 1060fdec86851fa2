import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { geoEqualEarth, geoPath } from "d3-geo"
import { feature } from "topojson-client"
import type { GeometryCollection, Topology } from "topojson-specification"
import { CompactPath } from "./compact-path.ts"
import { alpha2OfShape } from "./country-ids.ts"

/**
 * The world map's shapes, projected here on the server: Natural Earth's 1:110m countries from
 * `world-atlas` (offline, in node_modules), on the Equal Earth projection (areas true to size,
 * as a map of counts should be), Antarctica left out. Projected once per process: the shapes
 * do not change while it runs.
 */

export const MAP_WIDTH = 1000
export const MAP_HEIGHT = 480

/** Antarctica: no member goes there on this platform's business, and it takes a fifth of the height. */
const ANTARCTICA = "010"

export interface CountryShape {
  /** ISO 3166-1 alpha-2, or null for a shape no trip can name. */
  readonly code: string | null
  /** Natural Earth's English short name, for the base map's titles. */
  readonly name: string
  readonly d: string
}

const require = createRequire(import.meta.url)

const project = (): ReadonlyArray<CountryShape> => {
  const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8")) as Topology<{
    countries: GeometryCollection<{ name: string }>
  }>
  const countries = feature(topology, topology.objects.countries)
  const features = countries.features.filter((shape) => shape.id !== ANTARCTICA)
  const projection = geoEqualEarth().fitExtent(
    [
      [4, 4],
      [MAP_WIDTH - 4, MAP_HEIGHT - 4],
    ],
    { type: "FeatureCollection", features },
  )
  return features.map((shape) => {
    const context = new CompactPath()
    geoPath(projection, context)(shape)
    return { code: alpha2OfShape(shape.id, shape.properties.name), name: shape.properties.name, d: context.toString() }
  })
}

let shapes: ReadonlyArray<CountryShape> | undefined

export const worldShapes = (): ReadonlyArray<CountryShape> => {
  shapes ??= project()
  return shapes
}

/** The outline of each country with members, by code (a country drawn in two shapes gets both). */
export const outlinesOf = (codes: Iterable<string>): Record<string, string> => {
  const wanted = new Set(codes)
  const outlines: Record<string, string> = {}
  for (const shape of worldShapes()) {
    if (shape.code === null || !wanted.has(shape.code) || shape.d === "") continue
    outlines[shape.code] = (outlines[shape.code] ?? "") + shape.d
  }
  return outlines
}

/**
 * Every country in grey, as one SVG document: the map's background, served once and cached by
 * the browser, so a page carries only the outlines of the countries that have members.
 */
export const baseMapSvg = (): string => {
  const paths = worldShapes()
    .filter((shape) => shape.d !== "")
    .map((shape) => `<path d="${shape.d}"/>`)
    .join("")
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" width="${MAP_WIDTH}" height="${MAP_HEIGHT}">` +
    `<g fill="#e4e7eb" stroke="#ffffff" stroke-width="0.6" stroke-linejoin="round">${paths}</g></svg>`
  )
}
