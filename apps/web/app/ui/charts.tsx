import { useId } from "react"
import { niceScale, scaled } from "../statistics/scale.ts"

/**
 * Charts drawn on the server as SVG, no script: bars for one value per label, lines for a few
 * series over the periods. Each is a picture of a table the page also shows, so the picture is
 * one image with a name and the figures are read from the table. A suppressed count (null) has
 * no bar and no point — only its mark "<5" — so nothing is drawn that the API did not say.
 */

/** Line colours, each at least 4.5:1 on white, told apart also by their order in the legend. */
export const SERIES_COLOURS = ["#0b4fa8", "#a4161a", "#1b7f3b", "#8a4b08", "#6a3d9a", "#00695c"] as const

const WIDTH = 520
const PAD = { top: 16, right: 12, bottom: 40, left: 44 }

export interface Bar {
  readonly label: string
  readonly value: number | null
}

const ValueAxis = ({ ticks, top, height }: { ticks: ReadonlyArray<number>; top: number; height: number }) => (
  <g className="axis">
    {ticks.map((tick) => {
      const y = PAD.top + height - (tick / top) * height
      return (
        <g key={tick}>
          <line className="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
          <text x={PAD.left - 6} y={y + 4} textAnchor="end">
            {tick}
          </text>
        </g>
      )
    })}
  </g>
)

/** Vertical bars, one per label (a period), with each value written above its bar. */
export const BarChart = ({
  title,
  bars,
  suppressedText,
  height = 240,
}: {
  title: string
  bars: ReadonlyArray<Bar>
  suppressedText: string
  height?: number
}) => {
  const id = useId()
  const plotHeight = height - PAD.top - PAD.bottom
  const plotWidth = WIDTH - PAD.left - PAD.right
  const scale = niceScale(Math.max(0, ...bars.map((bar) => bar.value ?? 0)))
  const slot = plotWidth / Math.max(1, bars.length)
  const barWidth = Math.min(64, slot * 0.6)
  return (
    <figure className="chart">
      <figcaption id={id}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={id}>
        <title>{title}</title>
        <ValueAxis ticks={scale.ticks} top={scale.top} height={plotHeight} />
        {bars.map((bar, i) => {
          const x = PAD.left + slot * i + (slot - barWidth) / 2
          const barHeight = bar.value === null ? 0 : scaled(scale, bar.value, plotHeight)
          const y = PAD.top + plotHeight - barHeight
          return (
            <g key={bar.label}>
              {bar.value === null ? null : <rect x={x} y={y} width={barWidth} height={barHeight} fill="#0b4fa8" />}
              <text className="value" x={x + barWidth / 2} y={y - 4} textAnchor="middle">
                {bar.value ?? suppressedText}
              </text>
              <text className="label" x={x + barWidth / 2} y={PAD.top + plotHeight + 16} textAnchor="middle">
                {bar.label}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}

/** Horizontal bars, one per group, largest first: the figures of one day or one period. */
export const HorizontalBarChart = ({
  title,
  bars,
  suppressedText,
}: {
  title: string
  bars: ReadonlyArray<Bar>
  suppressedText: string
}) => {
  const id = useId()
  const row = 24
  const labelWidth = 170
  const height = PAD.top + row * Math.max(1, bars.length) + 8
  const plotWidth = WIDTH - labelWidth - 60
  const scale = niceScale(Math.max(0, ...bars.map((bar) => bar.value ?? 0)))
  return (
    <figure className="chart">
      <figcaption id={id}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={id}>
        <title>{title}</title>
        {bars.map((bar, i) => {
          const y = PAD.top + row * i
          const length = bar.value === null ? 0 : scaled(scale, bar.value, plotWidth)
          return (
            <g key={bar.label}>
              <text className="label" x={labelWidth - 8} y={y + 15} textAnchor="end">
                {bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label}
              </text>
              {bar.value === null ? null : (
                <rect x={labelWidth} y={y + 3} width={length} height={row - 8} fill="#0b4fa8" />
              )}
              <text className="value" x={labelWidth + length + 6} y={y + 15}>
                {bar.value ?? suppressedText}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}

export interface Series {
  readonly name: string
  readonly values: ReadonlyArray<number | null>
}

/** A line per series over the periods; a suppressed value breaks its line. */
export const LineChart = ({
  title,
  labels,
  series,
  height = 240,
}: {
  title: string
  labels: ReadonlyArray<string>
  series: ReadonlyArray<Series>
  height?: number
}) => {
  const id = useId()
  const plotHeight = height - PAD.top - PAD.bottom
  const plotWidth = WIDTH - PAD.left - PAD.right
  const scale = niceScale(Math.max(0, ...series.flatMap((s) => s.values.map((value) => value ?? 0))))
  const slot = plotWidth / Math.max(1, labels.length)
  const xOf = (i: number) => PAD.left + slot * i + slot / 2
  const yOf = (value: number) => PAD.top + plotHeight - scaled(scale, value, plotHeight)
  return (
    <figure className="chart">
      <figcaption id={id}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={id}>
        <title>{title}</title>
        <ValueAxis ticks={scale.ticks} top={scale.top} height={plotHeight} />
        {labels.map((label, i) => (
          <text key={label} className="label" x={xOf(i)} y={PAD.top + plotHeight + 16} textAnchor="middle">
            {label}
          </text>
        ))}
        {series.map((s, n) => {
          const colour = SERIES_COLOURS[n % SERIES_COLOURS.length]
          return (
            <g key={s.name} stroke={colour} fill={colour}>
              <path d={linePath(s.values, xOf, yOf)} fill="none" strokeWidth={2} />
              {s.values.map((value, i) =>
                value === null ? null : <circle key={labels[i]} cx={xOf(i)} cy={yOf(value)} r={3.5} />,
              )}
            </g>
          )
        })}
      </svg>
      <ul className="chart-legend">
        {series.map((s, n) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: SERIES_COLOURS[n % SERIES_COLOURS.length] }} />
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  )
}

/** The path through the known values; a null ends a stretch and the next value starts a new one. */
export const linePath = (
  values: ReadonlyArray<number | null>,
  xOf: (i: number) => number,
  yOf: (value: number) => number,
): string => {
  let d = ""
  let drawing = false
  values.forEach((value, i) => {
    if (value === null) {
      drawing = false
      return
    }
    d += `${drawing ? "L" : "M"}${xOf(i).toFixed(1)} ${yOf(value).toFixed(1)}`
    drawing = true
  })
  return d
}
