/**
 * `pnpm create-plugin NAME`: writes `plugins/NAME` — a package with a plugin (one rule, one field,
 * a config) and its test with the SDK's test kit. `--dir DIR` writes under DIR instead of the
 * repository's `plugins/` (the scaffolder's own test uses it).
 */
import { existsSync } from "node:fs"
import { mkdir, writeFile } from "node:fs/promises"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { packageJson, pluginReadme, pluginSource, pluginTest } from "./templates.ts"

const REPOSITORY_ROOT = fileURLToPath(new URL("../../../", import.meta.url))
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/

export interface Scaffolded {
  readonly directory: string
  readonly files: ReadonlyArray<string>
}

/** Writes the plugin `id` under `pluginsDir`; refuses a name that is not kebab-case or a folder that exists. */
export const createPlugin = async (id: string, pluginsDir: string): Promise<Scaffolded> => {
  if (!NAME.test(id)) {
    throw new Error(
      `"${id}": tên phần mở rộng phải viết thường, nối bằng gạch ngang / the name must be kebab-case (a-z, 0-9, -)`,
    )
  }
  const directory = join(pluginsDir, id)
  if (existsSync(directory)) throw new Error(`${directory} đã có / already exists`)
  const files: Array<[string, string]> = [
    ["package.json", packageJson(id)],
    ["src/index.ts", pluginSource(id)],
    [`test/${id}.test.ts`, pluginTest(id)],
    ["README.md", pluginReadme(id)],
  ]
  for (const [path, text] of files) {
    const target = join(directory, path)
    await mkdir(join(target, ".."), { recursive: true })
    await writeFile(target, text, "utf8")
  }
  return { directory, files: files.map(([path]) => path) }
}

const main = async (args: ReadonlyArray<string>) => {
  const dirFlag = args.indexOf("--dir")
  const dir = dirFlag >= 0 ? args[dirFlag + 1] : undefined
  const id = args.find((arg, index) => !arg.startsWith("--") && (dirFlag < 0 || index !== dirFlag + 1))
  if (id === undefined) {
    console.error("Cách dùng / usage: pnpm create-plugin NAME   (kebab-case, e.g. da-nang)")
    process.exitCode = 2
    return
  }
  try {
    const made = await createPlugin(id, resolve(dir ?? join(REPOSITORY_ROOT, "plugins")))
    console.log(`Đã tạo / created ${made.directory}: ${made.files.join(", ")}`)
    console.log("Tiếp theo / next:")
    console.log("  npx -y pnpm@10.34.9 install                      # links the new package")
    console.log(`  npx -y pnpm@10.34.9 exec vitest run plugins/${id}   # its tests`)
    console.log("  then restart the server and install it for a tenant (plugins/README.md)")
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2))
}
