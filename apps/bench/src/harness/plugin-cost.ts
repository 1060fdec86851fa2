import type postgres from "postgres"
import type { ExtraFigure } from "../scenarios/scenario.ts"

/**
 * Pairs of requests (one with the plugin, one without) per second of `--duration`, at most 1,000:
 * the 99th percentile of 300 was the third-worst sample, and moved by 10 ms between quiet runs.
 */
const PAIRS_PER_SECOND = 50
const MAX_PAIRS = 1000
/** Pairs not counted, first: the plugin's worker starts, plans are cached. */
const WARMUP_PAIRS = 10

const quantile = (samples: ReadonlyArray<number>, q: number) => {
  const sorted = samples.toSorted((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

const round = (ms: number) => Math.round(ms * 100) / 100

/**
 * What a tenant's plugin adds to each request, measured on the running platform: the same requests
 * in the same tenant, one at a time (no queueing to hide or inflate it), with the plugin enabled
 * — the form carries its fields, its worker decodes them and runs its rules — and with it disabled
 * — the same form without them. Each request is filed (`POST …/trips`) and then submitted
 * (`POST …/trips/{id}/submit`, where `trip.validate` and `trip.route` run). The two sides
 * alternate request by request, the owner switching the installation between them (the platform
 * reads it in each request; the switch is not timed), so that the load of a shared machine falls
 * on both alike; the installation is left enabled. The figures: the difference of the sides' 99th
 * percentiles, and the median of the differences within pairs (a steadier estimate of the typical cost).
 */
export const measurePluginCost = async (input: {
  readonly owner: postgres.Sql
  readonly platformUrl: string
  readonly headers: Readonly<Record<string, string>>
  readonly tenantId: string
  readonly tenantCode: string
  readonly pluginId: string
  readonly forms: ReadonlyArray<{ readonly extra: Readonly<Record<string, unknown>> }>
  /** The run's measured seconds per side: a short run measures fewer pairs. */
  readonly seconds: number
}): Promise<ReadonlyArray<ExtraFigure>> => {
  const pairs = Math.min(MAX_PAIRS, Math.max(20, Math.round(input.seconds * PAIRS_PER_SECOND)))
  const samples = {
    enabled: { file: [] as Array<number>, submit: [] as Array<number> },
    disabled: { file: [] as Array<number>, submit: [] as Array<number> },
  }
  const setEnabled = (enabled: boolean) =>
    input.owner`
      update plugin_installation set enabled = ${enabled}
       where tenant_id = ${input.tenantId} and plugin_id = ${input.pluginId}`
  const post = async (path: string, body: unknown) => {
    const started = performance.now()
    const response = await fetch(`${input.platformUrl}${path}`, {
      method: "POST",
      headers: { ...input.headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    })
    const answer = (await response.json()) as { trip?: { id: string } }
    const ms = performance.now() - started
    if (!response.ok) throw new Error(`plugin cost: ${path} answered ${response.status}: ${JSON.stringify(answer)}`)
    return { ms, answer }
  }
  /** Files and submits the `index`-th form with the plugin enabled or not; returns both times. */
  const once = async (side: "enabled" | "disabled", index: number) => {
    await setEnabled(side === "enabled")
    const form = input.forms[index % input.forms.length]
    if (form === undefined) throw new Error("plugin cost: no forms")
    // Without the plugin, its fields would be refused (400): the form a tenant without it sends.
    const body = side === "enabled" ? form : { ...form, extra: {} }
    const filed = await post(`/api/t/${input.tenantCode}/trips`, body)
    const tripId = filed.answer.trip?.id
    if (tripId === undefined) throw new Error("plugin cost: the filed trip has no id")
    const submitted = await post(`/api/t/${input.tenantCode}/trips/${tripId}/submit`, {})
    return { file: filed.ms, submit: submitted.ms }
  }
  const differences = { file: [] as Array<number>, submit: [] as Array<number> }
  try {
    for (let pair = 0; pair < WARMUP_PAIRS + pairs; pair++) {
      // Which side goes first alternates too: neither always runs right after the switch.
      const order = pair % 2 === 0 ? (["enabled", "disabled"] as const) : (["disabled", "enabled"] as const)
      const times = { enabled: { file: 0, submit: 0 }, disabled: { file: 0, submit: 0 } }
      for (const side of order) times[side] = await once(side, pair)
      if (pair < WARMUP_PAIRS) continue
      for (const step of ["file", "submit"] as const) {
        samples.enabled[step].push(times.enabled[step])
        samples.disabled[step].push(times.disabled[step])
        differences[step].push(times.enabled[step] - times.disabled[step])
      }
    }
  } finally {
    await setEnabled(true)
  }
  const figures: Array<ExtraFigure> = []
  for (const step of ["file", "submit"] as const) {
    const on = samples.enabled[step]
    const off = samples.disabled[step]
    const detail = {
      pairs: on.length,
      enabledP50Ms: round(quantile(on, 0.5)),
      enabledP99Ms: round(quantile(on, 0.99)),
      disabledP50Ms: round(quantile(off, 0.5)),
      disabledP99Ms: round(quantile(off, 0.99)),
      pairedDifferenceP50Ms: round(quantile(differences[step], 0.5)),
    }
    const what = step === "file" ? "filing" : "submitting"
    figures.push(
      {
        name: `plugin rules added to ${what}, p99`,
        value: round(detail.enabledP99Ms - detail.disabledP99Ms),
        unit: "ms",
        under: 2,
        detail,
      },
      {
        name: `plugin rules added to ${what}, median of pairs`,
        value: detail.pairedDifferenceP50Ms,
        unit: "ms",
        detail,
      },
    )
  }
  return figures
}
