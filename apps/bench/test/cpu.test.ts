import { spawn } from "node:child_process"
import { describe, expect, it } from "vitest"
import { childrenOf, cpuMeter, treeCpuMs } from "../src/harness/cpu.ts"

/** Burns `ms` of CPU (user and system: asking for it is a system call) in the process that runs it. */
const burn = (ms: number) =>
  `for (const start = process.cpuUsage(); ; ) { const used = process.cpuUsage(start); if (used.user + used.system >= ${ms * 1000}) break }`

/** A child that runs `script`, says so, and then waits to be ended. */
const child = (script: string) => {
  const process_ = spawn(process.execPath, ["-e", `${script} console.log("done"); setInterval(() => {}, 1000)`], {
    stdio: ["ignore", "pipe", "inherit"],
  })
  const done = new Promise<void>((resolve) => process_.stdout?.once("data", () => resolve()))
  return { pid: process_.pid as number, done, end: () => process_.kill() }
}

describe.skipIf(process.platform !== "linux")("the CPU a side spends per request (from /proc)", () => {
  it("counts a server's CPU time and shares it among the requests", async () => {
    const server = child(burn(300))
    try {
      expect(childrenOf(process.pid)).toContain(server.pid)
      const since = await cpuMeter({ serverPid: server.pid }).start()
      await server.done
      const perRequest = await since(3)
      // 300 ms and the child's start over 3 requests: a hundred each and a little more, not twice that.
      expect(perRequest?.serverMs).toBeGreaterThanOrEqual(100)
      expect(perRequest?.serverMs).toBeLessThan(190)
      // No database asked for, none counted; no request answered, no figure.
      expect(perRequest?.databaseMs).toBeUndefined()
      expect(await since(0)).toBeUndefined()
    } finally {
      server.end()
    }
  })

  it("counts the time of children the server has already waited for, as of a worker that ended", async () => {
    // The child idles while a grandchild burns 200 ms and ends; the kernel adds that to the child's.
    const server = child(
      `require("node:child_process").spawnSync(process.execPath, ["-e", ${JSON.stringify(burn(200))}]);`,
    )
    try {
      await server.done
      expect(childrenOf(server.pid)).toEqual([])
      expect(treeCpuMs(server.pid)).toBeGreaterThanOrEqual(200)
      expect(treeCpuMs(server.pid)).toBeLessThan(600)
    } finally {
      server.end()
    }
  })

  it("counts the database's backends only when they are processes of this machine", async () => {
    const backend = child("")
    try {
      await backend.done
      // A pid that is no postgres process (another host's backend, say) gives no figure rather than a wrong one.
      const meter = cpuMeter({ serverPid: process.pid, databaseBackends: async () => [backend.pid] })
      const since = await meter.start()
      expect((await since(1))?.databaseMs).toBeUndefined()
      expect(treeCpuMs(2 ** 22 + 1)).toBeUndefined()
    } finally {
      backend.end()
    }
  })
})
