import { cellOf, countText, keyLabel, keysOf, type NationalStatistics } from "../statistics/national.ts"
import { bucketLabel } from "../statistics/periods.ts"
import { BarChart, HorizontalBarChart, LineChart } from "./charts.tsx"
import { useLang, useT } from "./i18n.tsx"

/** How many groups a line chart draws; more lines than this no one can follow (the table has all). */
export const CHART_SERIES = 5

/**
 * One answer of the national statistics as a table: a row per group, a column per period, and
 * the totals. A suppressed count reads "<5", never a number worked back from the others.
 */
export const StatisticsTable = ({
  statistics,
  caption,
  tenantNames,
}: {
  statistics: NationalStatistics
  caption: string
  tenantNames: Readonly<Record<string, string>>
}) => {
  const t = useT()
  const lang = useLang()
  const keys = keysOf(statistics)
  const threshold = statistics.threshold
  return (
    <div className="table-wrap">
      <table className="statistics-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`dimension_${statistics.by}` as "dimension_purpose")}</th>
            {statistics.buckets.map((bucket) => (
              <th scope="col" className="number" key={bucket.from}>
                {bucketLabel(lang, statistics.period, bucket.from)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key} data-key={key}>
              <th scope="row">{keyLabel(lang, statistics.by, key, tenantNames)}</th>
              {statistics.buckets.map((bucket) => {
                const cell = cellOf(bucket, key)
                return (
                  <td
                    key={bucket.from}
                    data-bucket={bucket.from}
                    className={cell.suppressed ? "number suppressed" : "number"}
                  >
                    {countText(cell.count, cell.suppressed, threshold)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-key="total">
            <th scope="row">{t("total")}</th>
            {statistics.buckets.map((bucket) => (
              <td
                key={bucket.from}
                data-bucket={bucket.from}
                className={bucket.totalSuppressed ? "number suppressed" : "number"}
              >
                <strong>{countText(bucket.total, bucket.totalSuppressed, threshold)}</strong>
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

/**
 * The same answer as pictures: over several periods, the totals as bars and the largest groups
 * as lines; for one day or one period, a bar per group.
 */
export const StatisticsCharts = ({
  statistics,
  tenantNames,
}: {
  statistics: NationalStatistics
  tenantNames: Readonly<Record<string, string>>
}) => {
  const t = useT()
  const lang = useLang()
  const suppressed = `<${statistics.threshold}`
  const dimension = t(`dimension_${statistics.by}` as "dimension_purpose")
  const name = (key: string) => keyLabel(lang, statistics.by, key, tenantNames)
  const [only] = statistics.buckets
  if (statistics.buckets.length === 1 && only !== undefined) {
    const bars = [...only.items]
      .sort((a, b) => (b.count ?? -1) - (a.count ?? -1))
      .slice(0, 15)
      .map((item) => ({ label: name(item.key), value: item.suppressed ? null : item.count }))
    return (
      <HorizontalBarChart
        title={`${t("groupedBy")} ${dimension.toLowerCase()}`}
        bars={bars}
        suppressedText={suppressed}
      />
    )
  }
  const labels = statistics.buckets.map((bucket) => bucketLabel(lang, statistics.period, bucket.from))
  const keys = keysOf(statistics).slice(0, CHART_SERIES)
  return (
    <div className="chart-pair">
      <BarChart
        title={t("totalsByPeriod")}
        bars={statistics.buckets.map((bucket, i) => ({
          label: labels[i] ?? bucket.from,
          value: bucket.totalSuppressed ? null : bucket.total,
        }))}
        suppressedText={suppressed}
      />
      <LineChart
        title={`${t("byKeyOverTime")} ${dimension.toLowerCase()}`}
        labels={labels}
        series={keys.map((key) => ({
          name: name(key),
          values: statistics.buckets.map((bucket) => {
            const cell = cellOf(bucket, key)
            return cell.suppressed ? null : cell.count
          }),
        }))}
      />
    </div>
  )
}

/** The note under every table of the national statistics. */
export const SuppressionNote = ({ threshold }: { threshold: number }) => {
  const t = useT()
  return <p className="help">{t("suppressedNote").replaceAll("{threshold}", String(threshold))}</p>
}
