import type postgres from "postgres"
import type { ExtraFigure } from "../scenarios/scenario.ts"

/** Blocks of requests per side, and requests per block: the sides alternate block by block. */
const BLOCKS = 10
const PER_BLOCK = 30

const quantile = (samples: ReadonlyArray<number>, q: number) => {
  const sorted = samples.toSorted((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

const round = (ms: number) => Math.round(ms * 100) / 100

/**
 * What a tenant's plugin adds to each request, measured on the running platform: the same requests
 * in the same tenant, one at a time (no queueing to hide or inflate it), with the plugin enabled
 * — the form carries its fields, its workers decode them and run its rules — and with it disabled
 * — the same form without them. Each request is filed (`POST …/trips`) and then submitted
 * (`POST …/trips/{id}/submit`, where `trip.validate` and `trip.route` run). The two sides alternate
 * in blocks, so that the machine's load falls on both alike; the installation is switched by the
 * owner between blocks (the platform reads it in each request) and left enabled at the end. The
 * figure is the difference of the sides' 99th percentiles (and medians), per step.
 */
export const measurePluginCost = async (input: {
  readonly owner: postgres.Sql
  readonly platformUrl: string
  readonly headers: Readonly<Record<string, string>>
  readonly tenantId: string
  readonly tenantCode: string
  readonly pluginId: string
  readonly forms: ReadonlyArray<{ readonly extra: Readonly<Record<string, unknown>> }>
}): Promise<ReadonlyArray<ExtraFigure>> => {
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
  let next = 0
  const block = async (side: "enabled" | "disabled") => {
    await setEnabled(side === "enabled")
    for (let i = 0; i < PER_BLOCK; i++) {
      const form = input.forms[next++ % input.forms.length]
      if (form === undefined) throw new Error("plugin cost: no forms")
      const { extra, ...plain } = form
      const filed = await post(`/api/t/${input.tenantCode}/trips`, side === "enabled" ? form : plain)
      const tripId = filed.answer.trip?.id
      if (tripId === undefined) throw new Error("plugin cost: the filed trip has no id")
      const submitted = await post(`/api/t/${input.tenantCode}/trips/${tripId}/submit`, {})
      samples[side].file.push(filed.ms)
      samples[side].submit.push(submitted.ms)
    }
  }
  try {
    // One block each first, not counted: the plugin's worker starts, plans are cached.
    await block("enabled")
    await block("disabled")
    for (const side of ["enabled", "disabled"] as const) {
      samples[side].file.length = 0
      samples[side].submit.length = 0
    }
    for (let b = 0; b < BLOCKS; b++) {
      // ABBA order: neither side always runs second.
      const order = b % 2 === 0 ? (["enabled", "disabled"] as const) : (["disabled", "enabled"] as const)
      for (const side of order) await block(side)
    }
  } finally {
    await setEnabled(true)
  }
  const figures: Array<ExtraFigure> = []
  for (const step of ["file", "submit"] as const) {
    const on = samples.enabled[step]
    const off = samples.disabled[step]
    const detail = {
      requests: on.length,
      enabledP50Ms: round(quantile(on, 0.5)),
      enabledP99Ms: round(quantile(on, 0.99)),
      disabledP50Ms: round(quantile(off, 0.5)),
      disabledP99Ms: round(quantile(off, 0.99)),
    }
    figures.push(
      {
        name: `plugin rules added to ${step === "file" ? "filing" : "submitting"}, p99`,
        value: round(detail.enabledP99Ms - detail.disabledP99Ms),
        unit: "ms",
        under: 2,
        detail,
      },
      {
        name: `plugin rules added to ${step === "file" ? "filing" : "submitting"}, p50`,
        value: round(detail.enabledP50Ms - detail.disabledP50Ms),
        unit: "ms",
        detail,
      },
    )
  }
  return figures
}
