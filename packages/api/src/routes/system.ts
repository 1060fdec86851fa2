import { Database } from "@abroad/db"
import { Effect, Schema } from "effect"
import { Unavailable } from "../errors/api-error.ts"
import { defineRoute } from "./route.ts"

const Health = Schema.Struct({ status: Schema.Literal("ok") }).annotate({ identifier: "Health" })

const Readiness = Schema.Struct({
  status: Schema.Literal("ready"),
  migrations: Schema.Struct({ applied: Schema.Int }),
}).annotate({ identifier: "Readiness" })

/** Alive: the process answers. Touches nothing else, so a slow database never restarts a healthy process. */
export const healthRoute = defineRoute({
  method: "get",
  path: "/healthz",
  operationId: "health",
  summary: "Liveness: the process is up",
  tags: ["system"],
  access: { kind: "public" },
  success: { status: 200, description: "Alive", schema: Health },
  handler: () => Effect.succeed({ status: "ok" as const }),
})

/** Ready: the database answers and every migration is applied; otherwise 503 with the reason. */
export const readinessRoute = defineRoute({
  method: "get",
  path: "/readyz",
  operationId: "readiness",
  summary: "Readiness: the database answers and its schema is current",
  tags: ["system"],
  access: { kind: "public" },
  success: { status: 200, description: "Ready to serve", schema: Readiness },
  errors: [503],
  handler: () =>
    Effect.gen(function* () {
      const database = yield* Database
      const unreachable = (cause: unknown) =>
        new Unavailable({
          message: { vi: "Không kết nối được cơ sở dữ liệu.", en: "The database cannot be reached." },
          cause,
        })
      yield* database.ping.pipe(Effect.mapError(unreachable))
      const status = yield* database.migrations.pipe(Effect.mapError(unreachable))
      if (status.pending.length > 0) {
        return yield* new Unavailable({
          message: {
            vi: `Cơ sở dữ liệu chưa được cập nhật: còn ${status.pending.length} migration chưa chạy.`,
            en: `The database schema is behind: ${status.pending.length} migration(s) pending.`,
          },
        })
      }
      return { status: "ready" as const, migrations: { applied: status.applied.length } }
    }),
})
