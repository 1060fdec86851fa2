import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    // Every answer an in-process test receives is encoded by the compiled encoder AND by Schema's
    // interpreter, and a difference fails the request (packages/api/src/routes/answer-encoding.ts).
    env: { ABROAD_VERIFY_ANSWERS: "1" },
  },
})
