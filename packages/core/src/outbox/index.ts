export { type DomainEvent, recordDomainEvent } from "./record.ts"
