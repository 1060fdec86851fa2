/**
 * The test kit: runs a plugin against an in-memory tenant, with no database and no server.
 * (Filled in alongside the first plugins.)
 */
export {}
