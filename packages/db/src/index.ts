export type { DialectName, OwnerTransaction, StatementListener } from "./connection.ts"
export { Database, forRequest, NestedUnitOfWork, type UnitOptions } from "./database.ts"
export { DatabaseError, MigrationError, toDatabaseError } from "./errors.ts"
export { type DatabaseLocation, databaseLayer } from "./layers.ts"
export { loadMigrations, type Migration, type MigrationStatus } from "./migrations.ts"
export { DatabaseOwner } from "./owner.ts"
export { type RoleName, Roles, TENANT_SETTING } from "./roles.ts"
export type * from "./schema.ts"
export {
  AnalystTx,
  analystQuery,
  GlobalTx,
  globalQuery,
  OversightTx,
  oversightQuery,
  type TenantId,
  TenantTx,
  tenantQuery,
  UnitOfWork,
  unitQuery,
} from "./transactions.ts"
