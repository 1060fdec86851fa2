export * from "./countries/index.ts"
export * from "./demo/index.ts"
export { type ReferenceDataReport, seedReferenceData } from "./reference-data.ts"
export * from "./tenants/index.ts"
