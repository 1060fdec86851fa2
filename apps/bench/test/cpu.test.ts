import { spawn } from "node:child_process"
import { describe, expect, it } from "vitest"
import { childrenOf, cpuMeter, parentOf, treeCpuMs } from "../src/harness/cpu.ts"

/** A child that spends about `ms` of CPU, says so, and then waits to be ended. */
const busyChild = (ms: number) => {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const end = process.cpuUsage().user + ${ms * 1000}; while (process.cpuUsage().user < end); console.log("done"); setInterval(() => {}, 1000)`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  )
  const done = new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()))
  return { child, done }
}

describe.skipIf(process.platform !== "linux")("the CPU a side spends per request (from /proc)", () => {
  it("counts a server's own CPU time, and divides it by the requests", async () => {
    const { child, done } = busyChild(300)
    try {
      const pid = child.pid as number
      expect(parentOf(pid)).toBe(process.pid)
      expect(childrenOf(process.pid)).toContain(pid)
      const since = cpuMeter({ serverPid: pid, postmasterPid: undefined }).start()
      await done
      const perRequest = since(3)
      // About 100 ms each (300 ms over 3): well over none, and not more than the child could have spent.
      expect(perRequest?.serverMs).toBeGreaterThan(50)
      expect(perRequest?.serverMs).toBeLessThan(1000)
      expect(perRequest?.databaseMs).toBeUndefined()
      expect(since(0)).toBeUndefined()
    } finally {
      child.kill()
    }
  })

  it("adds the children's time to their parent's, as a postmaster's backends", async () => {
    const { child, done } = busyChild(200)
    try {
      await done
      const childMs = treeCpuMs(child.pid as number) ?? 0
      expect(childMs).toBeGreaterThanOrEqual(150)
      // This process's tree holds the child's time on top of its own (/proc counts in hundredths of a second).
      const own = process.cpuUsage()
      const ownMs = (own.user + own.system) / 1000
      expect(treeCpuMs(process.pid)).toBeGreaterThanOrEqual(ownMs + childMs - 20)
    } finally {
      child.kill()
    }
    expect(treeCpuMs(2 ** 22 + 1)).toBeUndefined()
  })
})
