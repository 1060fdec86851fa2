export {
  NATIONAL_MEASURES,
  type NationalDimension,
  type NationalMeasure,
  nationalStatistics,
  type StatisticsBucket,
  type StatisticsCell,
  type StatisticsPeriod,
  type StatisticsWindow,
  SUPPRESSION_THRESHOLD,
  statisticsWindow,
} from "./national.ts"
