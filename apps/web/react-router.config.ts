import type { Config } from "@react-router/dev/config"

/** Server-rendered pages (every form works without JavaScript), built into `build/`. */
export default {
  appDirectory: "app",
  buildDirectory: "build",
  ssr: true,
} satisfies Config
