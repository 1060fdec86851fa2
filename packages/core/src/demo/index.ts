export type { DemoTenantCode } from "./organisation.ts"
export { type DemoReport, demoTenants, seedDemoData } from "./seed.ts"
