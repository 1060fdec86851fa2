import { type ChoroplethClass, classOf } from "../world-map/choropleth.ts"
import { useT } from "./i18n.tsx"

export interface MapCountry {
  readonly code: string
  readonly name: string
  readonly count: number
}

/**
 * The world map of members abroad, drawn on the server as SVG: every country in grey (one
 * cached image), and over it each country with members in the colour of its class, as a link
 * to the list of those members. Plain SVG links: they work without JavaScript, take the
 * keyboard's focus, and name the country and its count to a screen reader.
 */
export const WorldMap = ({
  width,
  height,
  countries,
  outlines,
  classes,
  hrefOf,
}: {
  width: number
  height: number
  countries: ReadonlyArray<MapCountry>
  outlines: Readonly<Record<string, string>>
  classes: ReadonlyArray<ChoroplethClass>
  hrefOf: (code: string) => string
}) => {
  const t = useT()
  return (
    <figure className="world-map">
      <svg viewBox={`0 0 ${width} ${height}`} aria-labelledby="world-map-title">
        <title id="world-map-title">{t("mapLabel")}</title>
        <image href="/world-map.svg" width={width} height={height} />
        {countries.map((country) => {
          const d = outlines[country.code]
          if (d === undefined) return null
          const label = `${country.name}: ${country.count}`
          return (
            <a key={country.code} href={hrefOf(country.code)} aria-label={label} data-country={country.code}>
              <title>{label}</title>
              <path d={d} fill={classOf(classes, country.count)?.fill ?? "#e4e7eb"} />
            </a>
          )
        })}
      </svg>
      {classes.length === 0 ? null : (
        <figcaption>
          <span className="map-legend-title">{t("legend")}</span>
          <ul className="map-legend">
            {classes.map((c) => (
              <li key={c.from}>
                <span className="swatch" style={{ background: c.fill }} aria-hidden="true" />
                {c.from === c.to ? c.from : `${c.from}–${c.to}`}
              </li>
            ))}
          </ul>
        </figcaption>
      )}
    </figure>
  )
}
