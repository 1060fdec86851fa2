/** Runs the platform's CLI and server as a user would, in a child process. */
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"

const MAIN = join(import.meta.dirname, "..", "src", "main.ts")

interface Finished {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the platform's CLI as a user would, on the Node this suite runs on. */
export const launch = (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (chunk) => {
    stdout += chunk
  })
  child.stderr.on("data", (chunk) => {
    stderr += chunk
  })
  const finished = new Promise<Finished>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })))
  const output = () => stdout
  return { child, finished, output }
}

export const run = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => launch(args, env).finished

/** Waits for a launched command to end; one still running after `ms` is killed and reported with code null. */
export const finishedWithin = async (launched: ReturnType<typeof launch>, ms: number): Promise<Finished> => {
  const timer = setTimeout(() => launched.child.kill("SIGKILL"), ms)
  try {
    return await launched.finished
  } finally {
    clearTimeout(timer)
  }
}

/** Like `run`, but a command still running after `ms` is killed and reported with code null. */
export const runWithin = (args: ReadonlyArray<string>, env: Record<string, string>, ms = 20_000) =>
  finishedWithin(launch(args, env), ms)

/** Waits until the server prints its address, and returns it. */
export const address = async (output: () => string, child: ChildProcess): Promise<string> => {
  for (let i = 0; i < 600; i++) {
    const match = /running at (http:\/\/[^\s]+)/.exec(output())
    if (match?.[1] !== undefined) return match[1]
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the server did not start:\n${output()}`)
}
