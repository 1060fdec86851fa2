import { readFileSync } from "node:fs"
import { join } from "node:path"

/** The server package's version, shown in the OpenAPI document. */
export const VERSION: string = (
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8")) as { version: string }
).version
