import { spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { columnName, writeXlsx } from "../app/server/xlsx.server.ts"
import { readZip } from "./zip-reader.ts"

describe("the .xlsx writer", () => {
  const file = writeXlsx({
    name: "Đang ở nước ngoài: 11/2026",
    header: ["Họ và tên", "Nước", "Số ngày"],
    rows: [
      ["Nguyễn Văn A", "Nhật Bản", 42],
      ["<b>Trần & Lê</b> \u0007", null, 3.5],
    ],
  })

  it("is a zip of the parts a spreadsheet needs, each intact", () => {
    const entries = readZip(file)
    expect([...entries.keys()].sort()).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml",
    ])
  })

  it("keeps Vietnamese text, escapes markup, drops what XML cannot carry, and writes numbers as numbers", () => {
    const sheet = readZip(file).get("xl/worksheets/sheet1.xml") ?? ""
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">Họ và tên</t></is></c>')
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t xml:space="preserve">Nguyễn Văn A</t></is></c>')
    expect(sheet).toContain('<c r="C2"><v>42</v></c>')
    expect(sheet).toContain("&lt;b&gt;Trần &amp; Lê&lt;/b&gt; </t>")
    expect(sheet).not.toContain('r="B3"')
    expect(sheet).toContain('<c r="C3"><v>3.5</v></c>')
  })

  it("names the sheet as Excel allows (no colon or slash, at most 31 characters)", () => {
    const workbook = readZip(file).get("xl/workbook.xml") ?? ""
    expect(workbook).toContain('<sheet name="Đang ở nước ngoài  11 2026" sheetId="1"')
  })

  it("numbers columns as spreadsheets do", () => {
    expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "AZ", "ZZ", "AAA"])
  })

  it("passes Info-ZIP's own integrity test where unzip is installed", () => {
    const probe = spawnSync("unzip", ["-v"])
    if (probe.error !== undefined) return
    const path = join(mkdtempSync(join(tmpdir(), "xlsx-")), "list.xlsx")
    writeFileSync(path, file)
    const result = spawnSync("unzip", ["-t", path], { encoding: "utf8" })
    expect(result.stdout).toContain("No errors detected")
    expect(result.status).toBe(0)
  })
})
