import { reactRouter } from "@react-router/dev/vite"
import { defineConfig } from "vite"

export default defineConfig({
  plugins: [reactRouter()],
  // The context key the server process sets must be the very module the routes read, so the
  // server build imports it at run time instead of carrying a copy (`ssr.external` does not do it).
  environments: {
    ssr: { build: { rolldownOptions: { external: ["@abroad/web-context"] } } },
  },
})
