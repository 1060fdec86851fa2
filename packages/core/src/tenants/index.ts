export { TENANT_CODE, tenantCode } from "./code.ts"
export {
  findTenantByCode,
  findTenantById,
  listTenants,
  type Tenant,
  TenantNotFound,
  TenantSummary,
} from "./directory.ts"
export { type ReferenceTenant, referenceTenants } from "./reference.ts"
