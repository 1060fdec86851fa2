export { type DemoReport, demoTenants, seedDemoData } from "./seed.ts"
