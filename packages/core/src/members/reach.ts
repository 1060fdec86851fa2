import { sql } from "kysely"
import type { Visibility } from "../members/visibility.ts"

/**
 * The condition that keeps a query to the members the reader reaches, over a query that has
 * joined `member` and its `org_unit`: the whole tenant, some committees' subtrees, or the
 * members the reader is. Whatever is outside it is "not found", never "not allowed".
 */
export const reachOf = (visibility: Visibility) => {
  switch (visibility.kind) {
    case "tenant":
      return sql<boolean>`true`
    case "subtrees":
      return visibility.paths.length === 0
        ? sql<boolean>`false`
        : sql<boolean>`(${sql.join(
            visibility.paths.map((path) => sql`org_unit.path like ${`${path}%`}`),
            sql` or `,
          )})`
    case "self":
      return visibility.memberIds.length === 0
        ? sql<boolean>`false`
        : sql<boolean>`member.id in (${sql.join(visibility.memberIds)})`
  }
}
