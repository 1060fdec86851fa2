/**
 * How much of a tenant's organisation a reader reaches: all of it, some committees'
 * subtrees (an org unit is inside when its path starts with the subtree's path), or only
 * the members the reader is. Shaped like the permission layer's capability scope, which is
 * what callers pass.
 */
export type Visibility =
  | { readonly kind: "tenant" }
  | { readonly kind: "subtrees"; readonly paths: ReadonlyArray<string> }
  | { readonly kind: "self"; readonly memberIds: ReadonlyArray<string> }
