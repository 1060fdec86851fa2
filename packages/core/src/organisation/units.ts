import { type DatabaseError, type OrgUnitKind, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import type { Visibility } from "../members/visibility.ts"

/** A unit of the organisation tree (đảng bộ, chi bộ) with its place in the tree. */
export interface OrgUnit {
  readonly id: string
  readonly parentId: string | null
  readonly kind: OrgUnitKind
  readonly name: string
  /** `/<root>/<…>/<id>/`: a unit lies inside another when its path starts with the other's. */
  readonly path: string
  readonly depth: number
}

/**
 * The tenant's organisation tree as the reader may see it, parents before children and
 * siblings by name. A reader scoped to subtrees sees those subtrees and the units above
 * them (their names only make the path readable); a member sees no tree.
 */
export const listOrgUnits = (visibility: Visibility): Effect.Effect<ReadonlyArray<OrgUnit>, DatabaseError, TenantTx> =>
  tenantQuery((db) =>
    db.selectFrom("org_unit").select(["id", "parent_id", "kind", "name", "path"]).orderBy("path").execute(),
  ).pipe(
    Effect.map((rows) => {
      const visible = rows.filter((row) =>
        visibility.kind === "tenant"
          ? true
          : visibility.kind === "subtrees"
            ? visibility.paths.some((path) => row.path.startsWith(path) || path.startsWith(row.path))
            : false,
      )
      const collator = new Intl.Collator("vi")
      const byParent = new Map<string | null, typeof visible>()
      for (const row of visible) byParent.set(row.parent_id, [...(byParent.get(row.parent_id) ?? []), row])
      const ids = new Set(visible.map((row) => row.id))
      const ordered: Array<OrgUnit> = []
      const walk = (parentId: string | null, depth: number) => {
        const children = [...(byParent.get(parentId) ?? [])].sort((a, b) => collator.compare(a.name, b.name))
        for (const row of children) {
          ordered.push({ id: row.id, parentId: row.parent_id, kind: row.kind, name: row.name, path: row.path, depth })
          walk(row.id, depth + 1)
        }
      }
      // Roots are the units whose parent is not visible (the committee, or a scope's top).
      const roots = visible.filter((row) => row.parent_id === null || !ids.has(row.parent_id))
      for (const root of roots.sort((a, b) => collator.compare(a.name, b.name))) {
        ordered.push({
          id: root.id,
          parentId: root.parent_id,
          kind: root.kind,
          name: root.name,
          path: root.path,
          depth: root.path.split("/").length - 3,
        })
        walk(root.id, root.path.split("/").length - 2)
      }
      return ordered
    }),
  )
