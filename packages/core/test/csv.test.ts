import { describe, expect, it } from "vitest"
import { parseCsv } from "../src/tenants/csv.ts"

describe("the reference CSV reader", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    const text =
      'code,name,note\nBVHTTDL,"Bộ Văn hóa, Thể thao và Du lịch","nói ""chào""\nhai dòng"\nBNG,Bộ Ngoại giao,\n'
    expect(parseCsv(text)).toEqual([
      { code: "BVHTTDL", name: "Bộ Văn hóa, Thể thao và Du lịch", note: 'nói "chào"\nhai dòng' },
      { code: "BNG", name: "Bộ Ngoại giao", note: "" },
    ])
  })

  it("takes CRLF line ends, a byte-order mark, blank lines and a missing final line end", () => {
    expect(parseCsv('\uFEFFa,b\r\n1,""\r\n\r\n2,"x"')).toEqual([
      { a: "1", b: "" },
      { a: "2", b: "x" },
    ])
    expect(parseCsv("")).toEqual([])
    expect(parseCsv("a,b\n")).toEqual([])
  })

  it("refuses malformed input instead of shifting columns", () => {
    expect(() => parseCsv("a,b\n1,2,3\n")).toThrow(/line 2 has 3 fields/)
    expect(() => parseCsv("a,b\n1\n")).toThrow(/line 2 has 1 fields/)
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(/never closed/)
    expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow(/after a closing quote/)
    expect(() => parseCsv('a,b\n1,x"y"\n')).toThrow(/quote inside an unquoted field/)
  })
})
