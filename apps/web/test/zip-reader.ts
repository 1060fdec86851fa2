import { crc32, inflateRawSync } from "node:zlib"
import { expect } from "vitest"

/** Reads a zip back through its central directory, checking each entry's CRC as a reader would. */
export const readZip = (file: Buffer): Map<string, string> => {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = file.readUInt16LE(end + 10)
  let at = file.readUInt32LE(end + 16)
  const entries = new Map<string, string>()
  for (let i = 0; i < count; i++) {
    expect(file.readUInt32LE(at)).toBe(0x02014b50)
    const crc = file.readUInt32LE(at + 16)
    const packedSize = file.readUInt32LE(at + 20)
    const nameLength = file.readUInt16LE(at + 28)
    const localAt = file.readUInt32LE(at + 42)
    const name = file.subarray(at + 46, at + 46 + nameLength).toString("utf8")
    const dataAt = localAt + 30 + file.readUInt16LE(localAt + 26) + file.readUInt16LE(localAt + 28)
    const raw = inflateRawSync(file.subarray(dataAt, dataAt + packedSize))
    expect(crc32(raw), name).toBe(crc)
    entries.set(name, raw.toString("utf8"))
    at += 46 + nameLength + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32)
  }
  return entries
}
