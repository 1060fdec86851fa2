import autocannon from "autocannon"
import type { CpuMeter, CpuPerRequest } from "./cpu.ts"

export interface LoadResult {
  /** Successful (2xx) answers per second over the measured seconds: a refusal is no throughput. */
  readonly throughput: number
  readonly p50Ms: number
  readonly p90Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly requests: number
  /** Requests of the warm-up, whose figures are dropped. */
  readonly warmupRequests: number
  /** Answers other than 2xx, and connection errors or timeouts: any of these spoils the figures. */
  readonly non2xx: number
  readonly errors: number
  /** CPU time per request of the measured run (absent where it could not be read, and in results from before it was). */
  readonly cpu?: CpuPerRequest
}

export interface LoadRequest {
  readonly method: "GET" | "POST"
  readonly path: string
  readonly body?: string
}

const once = (options: {
  readonly url: string
  readonly requests: ReadonlyArray<LoadRequest>
  readonly headers: Readonly<Record<string, string>>
  readonly connections: number
  readonly seconds: number
}) =>
  autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    // A slow answer is a latency to report, not an error: only a server that does not answer in a minute is one.
    timeout: 60,
    headers: { ...options.headers },
    requests: options.requests.map((request) => ({
      method: request.method,
      path: request.path,
      ...(request.body === undefined ? {} : { body: request.body }),
    })),
  })

/**
 * Drives one side with autocannon: a warm-up whose figures are dropped (the server's JIT, the
 * database's caches, the pools filling), then the measured run. Each connection cycles through
 * `requests` in order.
 */
export const measureLoad = async (options: {
  readonly url: string
  readonly requests: ReadonlyArray<LoadRequest>
  readonly headers?: Readonly<Record<string, string>>
  readonly connections: number
  readonly warmupSeconds: number
  readonly seconds: number
  /** Reads the CPU time of the side's server, PostgreSQL and the load generator over the measured run. */
  readonly cpu?: CpuMeter
}): Promise<LoadResult> => {
  const headers = options.headers ?? {}
  const warmup = await once({ ...options, headers, seconds: options.warmupSeconds })
  const cpuSince = await options.cpu?.start()
  const result = await once({ ...options, headers })
  // Shared by the requests answered in the window (autocannon counts completed ones), refusals included.
  const cpu = await cpuSince?.(result.requests.total)
  return {
    throughput: result["2xx"] / result.duration,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    warmupRequests: warmup.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ...(cpu === undefined ? {} : { cpu }),
  }
}
