import { availableParallelism } from "node:os"
import { describe, expect, it } from "vitest"
import { BenchUsageError, parseBenchOptions } from "../src/options.ts"

/** The command line is checked before anything is opened: a typo must cost nothing, and say what is wrong. */
describe("the bench's command line", () => {
  it.each([
    [["--scenarios", "nope"], "--scenarios: no scenario nope; the scenarios are inbox, member-search"],
    [["explain", "--scenarios", "inbox,nope"], "no scenario nope"],
    [["--scale", "-1"], "Option '--scale' argument is ambiguous"],
    [["--scale=-1"], "--scale: a positive number, not -1"],
    [["--scale", "2"], "--scale: at most 1"],
    [["--database", "Bench"], "--database: lower-case letters"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["measure"], "unknown command: measure"],
    [["--processes", "0"], "--processes: a positive integer, not 0"],
    [["--processes", "1.5"], "--processes: a positive integer, not 1.5"],
    [["--processes", "65"], "--processes: at most 64"],
  ])("refuses %j with a usage error that says why", (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(BenchUsageError)
    expect(() => parseBenchOptions(argv)).toThrow(message)
  })

  it("serves each side in one process per core unless told", () => {
    expect(parseBenchOptions([]).processes).toBe(Math.min(64, availableParallelism()))
    expect(parseBenchOptions(["--processes", "3"]).processes).toBe(3)
  })

  it("takes scenarios by name, trimmed", () => {
    expect(parseBenchOptions(["--scenarios", "inbox, national-5y"]).scenarios).toEqual(["inbox", "national-5y"])
  })
})
